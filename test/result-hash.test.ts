import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, decodeStoredResult, encodeResult, resultHash } from '../src/compute/result-hash.js';

describe('result hash', () => {
  it('encodes values canonically: keys sorted at every depth, undefined members left out, no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe(
      '{"a":{"c":true,"d":[1,"x",null]},"b":1}',
    );
    expect(canonicalJson({ é: 1, Z: 2, a: 3 })).toBe('{"Z":2,"a":3,"é":1}');
    expect(canonicalJson([Number.NaN, 1.5, -0, 1e21])).toBe('[null,1.5,0,1e+21]');
  });

  it('encodes a result with Error only when present, and hashes the text with SHA-256 as base64url', () => {
    const ok = {
      Output: { data: 'hi', prompt: '> ' },
      Messages: [],
      Spawns: [],
      Assignments: [],
      GasUsed: 20000,
    };
    const text =
      '{"Assignments":[],"GasUsed":20000,"Messages":[],"Output":{"data":"hi","prompt":"> "},"Spawns":[]}';
    expect(encodeResult(ok)).toBe(text);
    expect(encodeResult({ ...ok, Error: 'boom' })).toContain('"Assignments":[],"Error":"boom","GasUsed"');
    expect(resultHash(ok)).toBe(createHash('sha256').update(text, 'utf8').digest('base64url'));
    expect(resultHash(ok)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resultHash({ ...ok, GasUsed: 30000 })).not.toBe(resultHash(ok));
    expect(decodeStoredResult(encodeResult(ok))).toEqual(ok);
  });

  it('does not depend on the key order of the result it is given', () => {
    const a = {
      Output: '',
      Messages: [{ Target: 't', Tags: [{ name: 'A', value: '1' }], Data: 'x' }],
      Spawns: [],
      Assignments: [],
      GasUsed: 0,
    };
    const b = {
      GasUsed: 0,
      Assignments: [],
      Spawns: [],
      Messages: [{ Data: 'x', Tags: [{ value: '1', name: 'A' }], Target: 't' }],
      Output: '',
    };
    expect(resultHash(a)).toBe(resultHash(b));
  });
});
