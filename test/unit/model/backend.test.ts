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
