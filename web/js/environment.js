// What this browser offers for inference, probed once before the app starts.
// The C++ side reads the result (window.wlEnv) and shows it; nothing here decides for it.

const WASM_SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
  65, 0, 253, 15, 253, 98, 11]);

async function probeWebGpu() {
  if (!('gpu' in navigator)) return { available: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, reason: 'WebGPU is present but no GPU adapter was offered' };
    const info = adapter.info || {};
    const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
    return { available: true, adapter: name, reason: '' };
  } catch (e) {
    return { available: false, reason: `requesting a WebGPU adapter failed: ${e.message}` };
  }
}

export async function probeEnvironment() {
  const webgpu = await probeWebGpu();
  const isolated = window.crossOriginIsolated === true;
  const simd = WebAssembly.validate(WASM_SIMD_PROBE);
  return {
    webgpu: webgpu.available,
    webgpuAdapter: webgpu.adapter || '',
    webgpuReason: webgpu.reason,
    crossOriginIsolated: isolated,
    wasmThreads: isolated && typeof SharedArrayBuffer !== 'undefined',
    wasmSimd: simd,
    cores: navigator.hardwareConcurrency || 1,
    deviceMemoryGb: navigator.deviceMemory || 0,  // rounded and capped (at 8) by the browser; 0 = not told
    userAgent: navigator.userAgent,
  };
}
