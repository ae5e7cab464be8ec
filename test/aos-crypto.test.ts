import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AosTestProcess, createAosTestProcess } from './support/aos-process.js';

/**
 * `.crypto` (the part aolite provides). Every expectation is what aos 2.0.6 returned for the same code
 * (run side by side through ao-loader); the standard test vectors (FIPS 180-4 / FIPS 202 examples,
 * RFC 1321, RFC 2202, RFC 4231) are among them.
 */

// Inputs, in order: "", "abc", 1,000 bytes ((i * 7 + 3) % 256 for i = 1..1000), the bytes 0-255.
const INPUTS =
  'local function mk(n, f) local t = {} for i = 1, n do t[i] = string.char(f(i)) end return table.concat(t) end\n' +
  "Inputs = { '', 'abc', mk(1000, function(i) return (i * 7 + 3) % 256 end), mk(256, function(i) return i - 1 end) }\n" +
  'Quirk = function(n) return mk(n, function(i) return (i * 13) % 256 end) end\n' +
  "C = require('.crypto') S = C.utils.stream.fromString A = C.utils.array\n" +
  "function Esc(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end";

const REFERENCE: Record<string, string[]> = {
  md5: [
    'd41d8cd98f00b204e9800998ecf8427e',
    '900150983cd24fb0d6963f7d28e17f72',
    'e06cd2b8cd70b364907500e1a9d65c17',
    'e2c865db4162bed963bfaa9ef6ac18f0',
  ],
  sha1: [
    'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    'a9993e364706816aba3e25717850c26c9cd0d89d',
    '103af4caa770ae5ea62002fd8c8c4da4b8e57dfd',
    '4916d6bdb7f78e6803698cab32d1586ea457dfc8',
  ],
  sha2_256: [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'b60e95dade65cc07dfc621f2695a309ad1becfca82d87196c52a2fecce539d37',
    '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880',
  ],
  sha2_512: [
    'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e',
    'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    '4960a1e3a5e5be827d264d45375a0ebf58a715285799b29ff8970633cf2d54b03b7aaea249a06a0edb06fbfb75c702aa189c910b7c52e39443f50e87c56a48bd',
    '1e7b80bc8edc552c8feeb2780e111477e5bc70465fac1a77b29b35980c3f0ce4a036a6c9462036824bd56801e62af7e9feba5c22ed8a5af877bf7de117dcac6d',
  ],
  sha3_256: [
    'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a',
    '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532',
    'a120c88b44d8d17cc42add1b658b6b74f26e2f589366b5ff24154c4f305182f0',
    '9b04c091da96b997afb8f2585d608aebe9c4a904f7d52c8f28c7e4d2dd9fba5f',
  ],
  sha3_512: [
    'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26',
    'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0',
    'ba1eb1c963f2d71647db5f736cfbd7258e30935a7b00bb0f5a43c670f71787bc9ae44b773302dae404584dc7f93ff124a21d43b7d9566cfb76ca7b0ac469885e',
    '3a843af1f872928f0bbbb513207a1a8e14e3d911269fff521292d07dbd5e2e520d6c2634292801184ffa54fd5f1e992ccfdaff8162f5c5f6d1ea79dbcae97e1d',
  ],
  keccak256: [
    'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    'a95c6b4c2b99e7812b1b7430ecb8134b031427a000f2bde1676c125554af7ea6',
    'dc924469b334aed2a19fac7252e9961aea41f8d91996366029dbe0884229bf36',
  ],
  keccak512: [
    '0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e',
    '18587dc2ea106b9a1563e32b3312421ca164c7f1f07bc922a9c83d77cea3a1e5d0c69910739025372dc14ac9642629379540c17e2a65b19d77aa511a9d00bb96',
    'abd863ba241a1aadbe3d2dc9b20e37e123bf951b47af40827bb9329b42cb785c0c912f4c0e80ef6d0ae948be313c77b8502fcb552089b6c86f27f51bf7f6015d',
    '79bb01b3918cac6db931d321a9a77162222c1cb15fbfac2d5fd7335950d33af2def849e9bba91bc841168c4c3413678c0e68a307a4bd29fc72b6a9a1e6df3ebe',
  ],
};

const STREAMED = new Set(['md5', 'sha1', 'sha2_256']);

describe('.crypto (aos 2.0.6 reference outputs)', () => {
  let p: AosTestProcess;
  beforeAll(async () => {
    p = await createAosTestProcess();
    await p.evaluate(INPUTS);
  });
  afterAll(() => p.close());

  it('has the same module layout: .crypto and .crypto.init are separate tables sharing their parts', async () => {
    expect(
      await p.evaluate(
        "local a, b = require('.crypto'), require('.crypto.init') return tostring(a == b) .. ' ' .. tostring(a.digest == b.digest) .. ' ' .. tostring(require('.crypto.digest') == a.digest) .. ' ' .. tostring(require('.crypto.digest.sha2_512') == a.digest.sha2_512) .. ' ' .. tostring(require('.crypto.util.bit') == bit32)",
      ),
    ).toBe('false true false true true');
    expect(
      await p.evaluate(
        "local t = {} for k, v in pairs(C) do t[#t + 1] = k .. '=' .. type(v) end table.sort(t) local d = {} for k in pairs(C.digest) do d[#d + 1] = k end table.sort(d) return table.concat(t, ' ') .. ' | ' .. table.concat(d, ' ')",
      ),
    ).toBe(
      '_version=string digest=table mac=table utils=table | _version keccak256 keccak512 md5 sha1 sha2_256 sha2_512 sha3_256 sha3_512',
    );
  });

  for (const [alg, expected] of Object.entries(REFERENCE)) {
    it(`${alg}: asHex for "", "abc", 1,000 bytes and bytes 0-255; asString agrees`, async () => {
      const call = STREAMED.has(alg) ? `C.digest.${alg}(S(s))` : `C.digest.${alg}(s)`;
      const got = await p.evaluate(
        `local out = {} for i, s in ipairs(Inputs) do local r = ${call} assert(Esc(r.asString()) == r.asHex()) out[i] = r.asHex() end return table.concat(out, ' ')`,
      );
      expect(got.split(' ')).toEqual(expected);
    });
  }

  it('asBytes: byte lists for the stream digests, 64-bit words for sha2_512, none for sha3/keccak', async () => {
    expect(
      await p.evaluate(
        "local r = {} for _, a in ipairs({'md5', 'sha1', 'sha2_256'}) do local b = C.digest[a](S('abc')).asBytes() r[#r + 1] = #b .. ':' .. b[1] .. ',' .. b[2] end return table.concat(r, ' ')",
      ),
    ).toBe('16:144,1 20:169,153 32:186,120');
    expect(await p.evaluate("return table.concat(C.digest.sha2_512('abc').asBytes(), ',')")).toBe(
      '-2472698702324467014,-3728572256194903759,1362051152550133410,765311659573367706,2419164356178592168,3943530547489205181,4993722480620005390,3069987439919277215',
    );
    expect(
      await p.evaluate(
        "return tostring(C.digest.sha3_256('abc').asBytes) .. ' ' .. tostring(C.digest.keccak512('').asBytes)",
      ),
    ).toBe('nil nil');
  });

  it("keeps aos's padding quirks (sha3 at rate - 1 bytes, sha2_512 at 112-118 mod 128)", async () => {
    expect(await p.evaluate('return C.digest.sha3_256(Quirk(135)).asHex()')).toBe(
      '627b1d086bb7644a82ca504ba3acaf3a0699d18f1aa5b805f45315a8e9417964',
    );
    expect(await p.evaluate('return C.digest.sha3_512(Quirk(71)).asHex()')).toBe(
      '7ae803b7b48488b7283bbdef106142d89721085a7d05e4a5603769050bb8dd077d0eb5ed57e86ae9b574100949eda4e1b261986d96e7a1ebd71c405a971d1572',
    );
    expect(await p.evaluate('return C.digest.sha2_512(Quirk(112)).asHex()')).toBe(
      'adc336e554f6948837961f380e86fe84a6b49d0f10fbfb94a943bf9020096350eae4ed48a23aa4627c483bb6ee5580922c64f713242fc29d433f4f2e40995435',
    );
  });

  it('HMAC builder with a 64-byte block gives the RFC 4231 and RFC 2202 values', async () => {
    await p.evaluate(
      "H = require('.crypto.mac.hmac') function Rep(b, n) local t = {} for i = 1, n do t[i] = b end return t end\n" +
        'function Std(D, key, data) return H.HMAC().setBlockSize(64).setDigest(D).setKey(key).init().update(S(data)).finish().asHex() end\n' +
        "SHA1 = require('.crypto.digest.sha1').SHA1 SHA256 = require('.crypto.digest.sha2_256').SHA2_256",
    );
    const cases: Array<[string, string]> = [
      [
        "Std(SHA256, Rep(0x0b, 20), 'Hi There')",
        'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
      ],
      [
        "Std(SHA256, A.fromString('Jefe'), 'what do ya want for nothing?')",
        '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      ],
      [
        "Std(SHA256, Rep(0xaa, 131), 'Test Using Larger Than Block-Size Key - Hash Key First')",
        '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      ],
      ["Std(SHA1, Rep(0x0b, 20), 'Hi There')", 'b617318655057264e28bc0b6fb378c8ef146be00'],
      [
        "Std(SHA1, A.fromString('Jefe'), 'what do ya want for nothing?')",
        'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
      ],
      [
        "Std(SHA1, Rep(0xaa, 80), 'Test Using Larger Than Block-Size Key - Hash Key First')",
        'aa4ae5e15272d00e95705637ce8a3b55ed402112',
      ],
    ];
    for (const [code, hex] of cases) expect(await p.evaluate(`return ${code}`)).toBe(hex);
  });

  it('mac.createHmac uses a 32-byte block (as aos does), sha1 by default; md5 is refused', async () => {
    expect(await p.evaluate("return C.mac.createHmac(S('Hi There'), Rep(0x0b, 20)).asHex()")).toBe(
      '941f806707826395dc510add6a45ce9933db976e',
    );
    expect(await p.evaluate("return C.mac.createHmac(S('Hi There'), Rep(0x0b, 20), 'sha256').asHex()")).toBe(
      'a9caeb524a15ee59347f1a447b2c0fc54789cb2250f4182760c8f3bb47da74c0',
    );
    expect(
      await p.evaluate("return C.mac.createHmac(S(string.rep('x', 1000)), Rep(0xaa, 131), 'sha256').asHex()"),
    ).toBe('3334f780f72bf13b72d8b9a665da53d3a9d180b397980721824ab216e15f864d');
    expect(await p.evaluate("return select(2, pcall(C.mac.createHmac, S('a'), {1}, 'md5'))")).toMatch(
      /^\[string "\.crypto\.mac\.hmac"\]:\d+: Unsupported algorithm: md5$/,
    );
  });

  it('the reusable hashers: init resets, finish twice goes on from the padded state', async () => {
    expect(
      await p.evaluate(
        "local d = require('.crypto.digest.sha2_256').SHA2_256() d.update(S('ab')) d.update(S('c')) local x = d.finish().asHex() d.init() return x .. ' ' .. d.update(S('abc')).finish().asHex() .. ' ' .. d.finish().asHex()",
      ),
    ).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3305b5693152f4854c6f30163b5c22215d2003cc363b0d59c3b641a92451f375',
    );
    expect(
      await p.evaluate(
        "local d = require('.crypto.digest.sha1').SHA1() return d.update(S('abc')).finish().asHex() .. ' ' .. d.update(S('abc')).finish().asHex()",
      ),
    ).toBe('a9993e364706816aba3e25717850c26c9cd0d89d 0399ff084408be2bc1fd514cb32ca99d952e9c29');
  });

  it('raises the errors aos raises for a wrong argument kind', async () => {
    expect(await p.evaluate("return select(2, pcall(C.digest.sha2_256, 'abc'))")).toMatch(
      /: attempt to call a string value$/,
    );
    expect(await p.evaluate("return select(2, pcall(C.digest.md5, 'abc'))")).toMatch(
      /: attempt to call a string value$/,
    );
    expect(await p.evaluate('return select(2, pcall(C.digest.sha2_512, S("abc")))')).toMatch(
      /: attempt to get length of a function value \(local 'msg'\)$/,
    );
    expect(await p.evaluate('return select(2, pcall(C.digest.sha3_256, S("abc")))')).toMatch(
      /: attempt to get length of a function value \(local 'buffer'\)$/,
    );
    expect(await p.evaluate('return select(2, pcall(function() return H.HMAC().setKey({1}) end))')).toMatch(
      /: Digest not set$/,
    );
  });

  it('utils.stream, utils.hex, utils.array and utils.queue', async () => {
    expect(
      await p.evaluate(
        "local s = C.utils.stream local t = s.toArray(s.fromHex('00ff7FaB10')) return table.concat(t, ',') .. '|' .. s.toHex(s.fromString('hi\\0\\255')) .. '|' .. s.toString(s.fromArray({104,105})) .. '|' .. s.toHex(s.fromArray(A.fromHex('DEADbeef'))) .. '|' .. tostring(s.fromHex('41zz42')()) .. '|' .. s.toString(s.fromString('xyz'))",
      ),
    ).toBe('0,255,127|686900FF|hi|DEADBEEF|65|xyz');
    expect(
      await p.evaluate(
        "local f = C.utils.stream.fromHex('41zz42') local a, b, c, d = f(), f(), f(), f() return tostring(a) .. ' ' .. tostring(b) .. ' ' .. tostring(c) .. ' ' .. tostring(d)",
      ),
    ).toBe('65 nil 66 nil');
    expect(
      await p.evaluate(
        "local x = C.utils.hex return x.stringToHex('') .. '|' .. x.stringToHex('Hello, World') .. '|' .. x.stringToHex('abcdefg', 3) .. '|' .. x.stringToHex('abcdefg', 2, ':') .. '|' .. x.hexToString('48 65\\n6c6C6f') .. '|' .. x.hexToString('4g', true) .. '|' .. tostring(pcall(x.hexToString, '414')) .. '|' .. x.hexToString('4142zz43')",
      ),
    ).toBe('|48656c6c6f2c20576f726c64|616263\n646566\n67|61:62\n63:64\n65:66\n67|Hello|4g|false|ABzzC');
    expect(
      await p.evaluate(
        "return table.concat({A.size({1,2,3}), table.concat(A.fromString('AZ'), ','), A.toString({72,105}), A.toHex({0,15,255,171}), table.concat(A.fromHex('0aFFzz'), ','), table.concat(A.concat({1,2},{3}), ','), table.concat(A.truncate({1,2,3,4}, 2), ','), table.concat(A.XOR({1,2,3},{3,2,1}), ','), table.concat(A.substitute({1,2},{[1]=9,[2]=8}), ','), table.concat(A.permute({5,6,7},{3,1}), ','), table.concat(A.copy({4,5}), ','), table.concat(A.slice({1,2,3,4,5}, 2, -2), ','), table.concat(A.slice({1,2,3,4,5}, -2), ','), table.concat(A.fromStream(A.toStream({7,8,9})), ',')}, ' ')",
      ),
    ).toBe('3 65,90 Hi 000FFFAB 10,255 1,2,3 1,2 2,0,2 9,8 7,5 4,5 2,3,4 4,5 7,8,9');
    expect(
      await p.evaluate(
        "local q = C.utils.queue() A.writeToQueue(q, {1,2,3}) local a = table.concat(A.readFromQueue(q, 2), ',') .. ':' .. q.size() .. ':' .. q.getHead() .. ':' .. q.getTail() q.reset() return a .. ' ' .. q.size() .. ':' .. tostring(q.pop()) .. ':' .. select('#', q.push(5)) .. ':' .. q.pop()",
      ),
    ).toBe('1,2:1:3:2 0:nil:0:5');
  });
});
