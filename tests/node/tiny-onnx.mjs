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
