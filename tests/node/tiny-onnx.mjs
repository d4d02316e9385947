// Tiny ONNX models written from JavaScript with onnx-proto, for tests that need a model whose
// behaviour is known exactly. Every node carries all of its attributes explicitly: ONNX Runtime's
// WebGPU provider rejects nodes that leave them to their defaults (see TOOLCHAIN.md).
import { createRequire } from 'node:module';

const { onnx } = createRequire(import.meta.url)('onnx-proto');
const FLOAT = onnx.TensorProto.DataType.FLOAT;

// A float tensor's name and shape; strings in `dims` are symbolic (dynamic) dimensions.
function floatValueInfo(name, dims) {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim } } } };
}

function encodeModel({ graphName, purpose, nodes, inputs, outputs }) {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'camtrap-studio-tests',
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [{ key: 'purpose', value: purpose }],
    graph: { name: graphName, node: nodes, input: inputs, output: outputs },
  });
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}

// A one-node ONNX model (Sigmoid over a [1,3,H,W] float input, dynamic H/W). Loading it takes
// about a millisecond, so lifecycle tests can do hundreds of create/run/release cycles quickly.
export function tinySigmoidModel() {
  return encodeModel({
    graphName: 'tiny',
    purpose: 'lifecycle test',
    nodes: [{ opType: 'Sigmoid', input: ['x'], output: ['y'], name: 'sig' }],
    inputs: [floatValueInfo('x', [1, 3, 'height', 'width'])],
    outputs: [floatValueInfo('y', [1, 3, 'height', 'width'])],
  });
}

// A detector stand-in: input `images` [1, 3, size, size], one float output `outputName` of shape
// `dims` whose values are `values` (row-major) for every image. The graph still reads the
// input, so it is a valid model whose output merely does not depend on it:
//   output = values + 0 * ReduceSum(images)
// The pixels are finite (0..1 after normalisation), so 0 * sum is exactly 0 and the output holds
// exactly the float32 values given.
export function constantOutputModel({ size = 640, outputName = 'output0', dims, values }) {
  const count = dims.reduce((a, b) => a * b, 1);
  if (values.length !== count) throw new Error(`constantOutputModel: ${values.length} values for shape [${dims}] (${count})`);
  const f32 = Float32Array.from(values);
  for (let i = 0; i < count; i++) {
    if (f32[i] !== values[i]) throw new Error(`constantOutputModel: value ${values[i]} (index ${i}) is not a float32`);
  }
  const tensor = (name, tdims, data) => ({ name, dims: tdims, dataType: FLOAT, floatData: Array.from(data) });
  const nodes = [
    { opType: 'Constant', name: 'table', input: [], output: ['table'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor('table', dims, f32) }] },
    { opType: 'Constant', name: 'zero', input: [], output: ['zero'], attribute: [{ name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t: tensor('zero', [], [0]) }] },
    {
      opType: 'ReduceSum', name: 'sum', input: ['images'], output: ['sum'],
      attribute: [
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
        { name: 'noop_with_empty_axes', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
      ],
    },
    { opType: 'Mul', name: 'nothing', input: ['sum', 'zero'], output: ['nothing'] },
    { opType: 'Add', name: 'out', input: ['table', 'nothing'], output: [outputName] },
  ];
  return encodeModel({
    graphName: 'constant_detector',
    purpose: 'decoder test: constant output',
    nodes,
    inputs: [floatValueInfo('images', [1, 3, size, size])],
    outputs: [floatValueInfo(outputName, dims)],
  });
}

// An RT-DETRv2 deploy export stand-in: inputs `images` [1, 3, size, size] and
// `orig_target_sizes` int64 [1, 2] (width, height); outputs `labels` int64 [1, Q], `boxes`
// [1, Q, 4] and `scores` [1, Q]. As in the real export's postprocessor, the boxes are the
// normalised xyxy `boxes01` multiplied by (w, h, w, h) taken from the second input, so the
// boxes in the app's output prove that input was fed, and fed the right way round.
export function detrTripleModel({ size = 640, labels, boxes01, scores }) {
  const q = labels.length;
  if (boxes01.length !== q * 4 || scores.length !== q) throw new Error('detrTripleModel: labels, boxes01 and scores disagree on Q');
  const INT64 = onnx.TensorProto.DataType.INT64;
  const T = onnx.AttributeProto.AttributeType;
  const constant = (name, tensor) => ({ opType: 'Constant', name, input: [], output: [name], attribute: [{ name: 'value', type: T.TENSOR, t: tensor }] });
  const f32 = (name, dims, data) => ({ name, dims, dataType: FLOAT, floatData: Array.from(Float32Array.from(data)) });
  const i64 = (name, dims, data) => ({ name, dims, dataType: INT64, int64Data: data.map((v) => Number(v)) });
  const nodes = [
    constant('labels', i64('labels', [1, q], labels)),
    constant('boxes01', f32('boxes01', [1, q, 4], boxes01)),
    constant('scores_table', f32('scores_table', [1, q], scores)),
    constant('zero', f32('zero', [], [0])),
    constant('axis1', i64('axis1', [1], [1])),
    { opType: 'Cast', name: 'wh_float', input: ['orig_target_sizes'], output: ['wh'], attribute: [{ name: 'to', type: T.INT, i: FLOAT }] },
    { opType: 'Concat', name: 'whwh', input: ['wh', 'wh'], output: ['whwh'], attribute: [{ name: 'axis', type: T.INT, i: 1 }] },
    { opType: 'Unsqueeze', name: 'whwh_q', input: ['whwh', 'axis1'], output: ['whwh3'] },
    { opType: 'Mul', name: 'scale', input: ['boxes01', 'whwh3'], output: ['boxes'] },
    {
      opType: 'ReduceSum', name: 'sum', input: ['images'], output: ['sum'],
      attribute: [{ name: 'keepdims', type: T.INT, i: 0 }, { name: 'noop_with_empty_axes', type: T.INT, i: 0 }],
    },
    { opType: 'Mul', name: 'nothing', input: ['sum', 'zero'], output: ['nothing'] },
    { opType: 'Add', name: 'scores_out', input: ['scores_table', 'nothing'], output: ['scores'] },
  ];
  return encodeModel({
    graphName: 'detr_triple',
    purpose: 'decoder test: RT-DETRv2 deploy layout',
    nodes,
    inputs: [floatValueInfo('images', [1, 3, size, size]),
      { name: 'orig_target_sizes', type: { tensorType: { elemType: INT64, shape: { dim: [{ dimValue: 1 }, { dimValue: 2 }] } } } }],
    outputs: [
      { name: 'labels', type: { tensorType: { elemType: INT64, shape: { dim: [{ dimValue: 1 }, { dimValue: q }] } } } },
      floatValueInfo('boxes', [1, q, 4]),
      floatValueInfo('scores', [1, q]),
    ],
  });
}

// An MIT YOLO export stand-in (MegaDetector v6 MIT): input `images` [1, 3, size, size], nine
// outputs, per stride 8, 16, 32: class logits [1, C, g, g], a distance distribution
// [1, 16, 4, g, g] (zeros) and box distances [1, 4, g, g]. `cells` sets, for one cell of one
// stride, a class's score (the logit is log(s / (1 - s))) and its l, t, r, b in strides; every
// other logit is -20 and every other distance 1.
export function yoloMitModel({ size = 64, classes = 3, cells }) {
  const T = onnx.AttributeProto.AttributeType;
  const nodes = [];
  const outputs = [];
  const tensor = (name, dims, data) => ({ name, dims, dataType: FLOAT, floatData: Array.from(Float32Array.from(data)) });
  [8, 16, 32].forEach((stride, s) => {
    const g = size / stride, plane = g * g;
    const logits = new Array(classes * plane).fill(-20);
    const box = new Array(4 * plane).fill(1);
    for (const c of cells.filter((c) => c.stride === stride)) {
      const cell = c.y * g + c.x;
      logits[c.cls * plane + cell] = Math.log(c.score / (1 - c.score));
      c.ltrb.forEach((v, k) => { box[k * plane + cell] = v; });
    }
    const names = [`${s * 3 + 1}_class_scores`, `${s * 3 + 2}_box_features`, `${s * 3 + 3}_bbox_deltas`];
    const values = [[names[0], [1, classes, g, g], logits], [names[1], [1, 16, 4, g, g], new Array(64 * plane).fill(0)],
      [names[2], [1, 4, g, g], box]];
    for (const [name, dims, data] of values) {
      nodes.push({ opType: 'Constant', name: `${name}_table`, input: [], output: [`${name}_table`],
        attribute: [{ name: 'value', type: T.TENSOR, t: tensor(`${name}_table`, dims, data) }] });
      // Every output reads the image through `nothing` (exactly 0), so the graph uses its input.
      nodes.push({ opType: 'Add', name, input: [`${name}_table`, 'nothing'], output: [name] });
      outputs.push(floatValueInfo(name, dims));
    }
  });
  nodes.unshift(
    { opType: 'Constant', name: 'zero', input: [], output: ['zero'], attribute: [{ name: 'value', type: T.TENSOR, t: tensor('zero', [], [0]) }] },
    { opType: 'ReduceSum', name: 'sum', input: ['images'], output: ['sum'],
      attribute: [{ name: 'keepdims', type: T.INT, i: 0 }, { name: 'noop_with_empty_axes', type: T.INT, i: 0 }] },
    { opType: 'Mul', name: 'nothing_mul', input: ['sum', 'zero'], output: ['nothing'] },
  );
  return encodeModel({ graphName: 'yolo_mit', purpose: 'decoder test: MIT YOLO layout', nodes,
    inputs: [floatValueInfo('images', [1, 3, size, size])], outputs });
}
