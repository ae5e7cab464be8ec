import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, isBase64url } from '../src/core/base64url.js';

describe('base64url', () => {
  it('encodes bytes of every length remainder like Buffer base64url', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 255);
      const text = base64urlEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64urlDecode(text)).toEqual(bytes);
    }
  });

  it('decodes a 43-character Arweave id to 32 bytes', () => {
    const id = 'L8kN3bLdfVjcy3udR_4y278U_x4nxTLSc67JgMpDJA8';
    expect(base64urlDecode(id).length).toBe(32);
    expect(isBase64url(id, 32)).toBe(true);
    expect(isBase64url(id, 31)).toBe(false);
  });

  it('rejects characters outside the url alphabet, naming the character and position', () => {
    expect(() => base64urlDecode('ab+d', 'target')).toThrow(
      'target is not base64url: invalid character "+" at position 2',
    );
    expect(() => base64urlDecode('abc=')).toThrow(/invalid character "=" at position 3/);
    expect(() => base64urlDecode('ab d')).toThrow(/invalid character " "/);
    expect(() => base64urlDecode('abé')).toThrow(/invalid character "é"/);
  });

  it('rejects impossible lengths and non-canonical trailing bits', () => {
    expect(() => base64urlDecode('abcde')).toThrow('value is not base64url: length 5 is impossible');
    expect(() => base64urlDecode('ab')).toThrow(/trailing bits are not zero/);
    expect(base64urlDecode('aQ')).toEqual(Uint8Array.from([0x69]));
    expect(isBase64url('x'.repeat(43))).toBe(false);
  });
});
