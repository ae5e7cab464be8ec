import { afterEach, describe, expect, it } from 'vitest';
import { messageFor, slotMessageFor } from '../../src/compute/message.js';
import type { DataItem, Tag } from '../../src/core/types.js';
import { createSlotMessageReader } from '../../src/store/slot-messages.js';
import { type AosLog, createAosLog } from '../support/aos-log.js';
import { createItem, testSigner } from '../support/log-items.js';

let log: AosLog | undefined;
afterEach(() => {
  log?.store.close();
  log = undefined;
});

/** Schedules a message signed by `signer` with these tags and data bytes; returns its item. */
function schedule(target: AosLog, tags: Tag[], data: Uint8Array | string, signer = target.owner): DataItem {
  const item = createItem({ target: target.processId, tags, data }, signer);
  target.scheduler.schedule(item);
  return item;
}

describe('the slot message reader', () => {
  it('gives each slot its assignment fields, base64url signature, parsed tags and data text', () => {
    log = createAosLog();
    const tags = [
      { name: 'Action', value: 'Incr' },
      { name: 'N', value: '7' },
    ];
    const item = schedule(log, tags, 'hello');
    const [assignment] = log.store.assignmentsBySlot(log.processId, { fromSlot: 1, toSlot: 1 });
    const [slot] = createSlotMessageReader(log.store)(log.processId, 1, 10);
    expect(slot).toEqual({
      slot: 1,
      messageId: item.id,
      timestamp: assignment!.timestamp,
      blockHeight: assignment!.blockHeight,
      epoch: assignment!.epoch,
      hashChain: assignment!.hashChain,
      signature: Buffer.from(item.signature).toString('base64url'),
      ownerAddress: log.owner.address,
      target: log.processId,
      anchor: null,
      tags,
      data: 'hello',
    });
  });

  it('decodes data exactly as TextDecoder does: byte order mark dropped, bad UTF-8 replaced, empty data empty', () => {
    log = createAosLog();
    const cases: Uint8Array[] = [
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x41), // BOM + "A"
      Uint8Array.of(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf), // two BOMs: only the first goes
      Uint8Array.of(0xc0, 0x80, 0x41), // overlong NUL
      Uint8Array.of(0xed, 0xa0, 0x80), // lone surrogate
      Uint8Array.of(0xe2, 0x82), // truncated sequence
      Uint8Array.of(0x00, 0x41, 0x00), // NULs kept
      Uint8Array.of(0xf0, 0x9f, 0x98, 0x80), // 😀
      new Uint8Array(0),
    ];
    for (const data of cases) schedule(log, [{ name: 'Action', value: 'Bytes' }], data);
    const slots = createSlotMessageReader(log.store)(log.processId, 1, cases.length);
    const decoder = new TextDecoder();
    expect(slots.map((s) => s.data)).toEqual(cases.map((bytes) => decoder.decode(bytes)));
    expect(slots.map((s) => s.data)).toEqual([
      'A',
      '\ufeff',
      '\ufffd\ufffdA',
      '\ufffd\ufffd\ufffd',
      '\ufffd',
      '\0A\0',
      '😀',
      '',
    ]);
  });

  it('reads at most `limit` slots from `fromSlot`, in slot order', () => {
    log = createAosLog();
    for (let i = 0; i < 5; i++) log.send([{ name: 'Action', value: 'Ping' }]);
    const read = createSlotMessageReader(log.store);
    expect(read(log.processId, 2, 3).map((s) => s.slot)).toEqual([2, 3, 4]);
    expect(read(log.processId, 4, 10).map((s) => s.slot)).toEqual([4, 5]);
    expect(read(log.processId, 6, 10)).toEqual([]);
  });
});

describe('building the message from a read slot', () => {
  const check = (target: AosLog, item: DataItem, slotNumber: number): void => {
    const [assignment] = target.store.assignmentsBySlot(target.processId, {
      fromSlot: slotNumber,
      toSlot: slotNumber,
    });
    const [slot] = createSlotMessageReader(target.store)(target.processId, slotNumber, 1);
    const cron = { owner: target.owner.address, scheduler: 'nobody' };
    expect(slotMessageFor(slot!, target.processId, cron)).toEqual(messageFor(item, assignment!, cron));
  };

  it('gives the same message as messageFor: From and Owner tags hidden, From-Process as From, anchor kept', () => {
    log = createAosLog();
    const item = createItem(
      {
        target: log.processId,
        anchor: 'a'.repeat(32),
        tags: [
          { name: 'From', value: 'forged' },
          { name: 'Action', value: 'Hi' },
          { name: 'From-Process', value: 'parent-process' },
          { name: 'Owner', value: 'forged-too' },
          { name: 'From-Process', value: 'second' },
        ],
        data: 'payload',
      },
      log.owner,
    );
    const slotNumber = log.scheduler.schedule(item).slot;
    check(log, item, slotNumber);
    const [slot] = createSlotMessageReader(log.store)(log.processId, slotNumber, 1);
    const message = slotMessageFor(slot!, log.processId);
    expect(message.From).toBe('parent-process');
    expect(message['Forwarded-By']).toBe(log.owner.address);
    expect(message.Anchor).toBe('a'.repeat(32));
    expect(message.Tags.map((t) => t.name)).toEqual(['Action', 'From-Process', 'From-Process']);
    expect(message.Nonce).toBe(slotNumber);
  });

  it('turns a tick signed by the process scheduler into the aos cron message, and a forged one into a message', () => {
    log = createAosLog();
    const schedulerAddress = log.store.getProcess(log.processId)!.scheduler;
    const cron = { owner: log.owner.address, scheduler: schedulerAddress };
    const tickTags = [
      { name: 'Type', value: 'Cron' },
      { name: 'Cron-Tag-Action', value: 'Tick' },
    ];
    const forged = schedule(log, tickTags, '');
    const read = createSlotMessageReader(log.store);
    const forgedSlot = read(log.processId, 1, 1)[0]!;
    expect(slotMessageFor(forgedSlot, log.processId, cron).Cron).toBe(false);
    expect(slotMessageFor(forgedSlot, log.processId, cron).Id).toBe(forged.id);

    // The same tags signed as the scheduler (a signer whose address is the process's scheduler).
    const asScheduler = { ...forgedSlot, ownerAddress: schedulerAddress };
    const tick = slotMessageFor(asScheduler, log.processId, cron);
    expect(tick).toEqual({
      Owner: log.owner.address,
      From: log.owner.address,
      Target: log.processId,
      Tags: [{ name: 'Action', value: 'Tick' }],
      Timestamp: forgedSlot.timestamp,
      'Block-Height': forgedSlot.blockHeight,
      Cron: true,
    });
    expect(testSigner('node').address).toBe(schedulerAddress);
  });
});
