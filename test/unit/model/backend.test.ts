/** Which GPU strings count as software rasterisers (the automatic backend order skips those for wasm). */
import { describe, expect, it } from 'vitest';
import { softwareGpuName } from '../../../src/model/backend';

describe('softwareGpuName', () => {
  it('names software renderers and adapters', () => {
    expect(softwareGpuName('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)')).toBe('SwiftShader');
    expect(softwareGpuName('google swiftshader')).toBe('SwiftShader');
    expect(softwareGpuName('llvmpipe (LLVM 15.0.7, 256 bits)')).toBe('llvmpipe');
    expect(softwareGpuName('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe('Microsoft Basic Render');
  });
  it('leaves hardware GPUs alone', () => {
    expect(softwareGpuName('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBeNull();
    expect(softwareGpuName('Apple M2')).toBeNull();
    expect(softwareGpuName('nvidia ampere')).toBeNull();
    expect(softwareGpuName('')).toBeNull();
  });
});

describe('a forced backend that cannot start', () => {
  it('fails with its own code and says the address asked for it, and why it cannot start', async () => {
    const { chooseBackend } = await import('../../../src/model/backend');
    const { ModelError } = await import('../../../src/model/errors');
    // Node has no navigator.gpu: WebGPU cannot start here.
    const e = await chooseBackend('webgpu').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelError);
    expect(e).toMatchObject({ code: 'no-backend' });
    expect((e as Error).message).toMatch(/^webgpu, which the address asks for, cannot start here \(webgpu: .*(navigator\.gpu is missing|no WebGPU adapter)/);
  });
});

describe('modelErrorCode', () => {
  it('reads the code of a ModelError by name, also from another copy of the class (the worker bundle), and nothing else', async () => {
    const { ModelError, modelErrorCode } = await import('../../../src/model/errors');
    expect(modelErrorCode(new ModelError('no-backend', 'x'))).toBe('no-backend');
    const twin = Object.assign(new Error('x'), { name: 'ModelError', code: 'download' });
    expect(modelErrorCode(twin)).toBe('download');
    for (const other of [new Error('x'), { code: 'no-backend' }, null, 'ModelError']) expect(modelErrorCode(other)).toBeUndefined();
  });
});
