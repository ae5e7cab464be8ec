/** An independent little encoder for hand-made (often broken) items; signature and owner are zeros. */
export function rawItem(parts: {
  type?: number;
  sigLength?: number;
  ownerLength?: number;
  target?: Uint8Array | null;
  anchor?: Uint8Array | null;
  tagCount: number;
  tagBytes: Uint8Array;
  data?: Uint8Array;
}): Uint8Array {
  const out: number[] = [];
  const type = parts.type ?? 2;
  out.push(type & 255, type >> 8);
  out.push(...new Array((parts.sigLength ?? 64) + (parts.ownerLength ?? 32)).fill(0));
  for (const field of [parts.target ?? null, parts.anchor ?? null]) {
    if (field) out.push(1, ...field);
    else out.push(0);
  }
  const u64 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, n >>> 24, 0, 0, 0, 0];
  out.push(...u64(parts.tagCount), ...u64(parts.tagBytes.length), ...parts.tagBytes, ...(parts.data ?? []));
  return Uint8Array.from(out);
}

export function avroTags(list: { name: string; value: string }[]): Uint8Array {
  const utf8 = new TextEncoder();
  const long = (n: number): number[] => {
    const out: number[] = [];
    let v = n * 2;
    while (v >= 128) {
      out.push((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return out;
  };
  const bytes = [...long(list.length)];
  for (const tag of list) {
    for (const text of [tag.name, tag.value]) {
      const b = utf8.encode(text);
      bytes.push(...long(b.length), ...b);
    }
  }
  bytes.push(0);
  return Uint8Array.from(bytes);
}
