// store.js — the device's browser storage, on IndexedDB directly (not IDBFS), shared by every
// tab of the origin. Two object stores:
//   outbox  every record until parleyd has acknowledged it, as the outbox's storage form (an
//           LZ4 frame made in C) with its state; deleted only once acknowledged, and a refused
//           or damaged one is kept with the reason;
//   device  small facts every tab reads: the upload lease (which tab uploads, core/lease.h)
//           and the time of the last upload.
// Every write is its own transaction with strict durability, reported done only once
// committed, and every failure is reported exactly once. IndexedDB exists on plain-HTTP
// origins too, so nothing here needs a secure context.
'use strict';

class ParleyStore {
  static open(name = 'parley') {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
        if (!db.objectStoreNames.contains('device')) db.createObjectStore('device');
      };
      req.onsuccess = () => resolve(new ParleyStore(req.result));
      req.onerror = () => reject(req.error);
      // another tab still has the older version open: it closes on versionchange (below)
      req.onblocked = () => console.warn('parley: storage upgrade waits for another tab to close it');
    });
  }

  constructor(db) {
    this.db = db;
    this.onCommit = null; // called after every committed change of what tabs share
    // a newer version of the page wants to upgrade the schema: let it
    db.onversionchange = () => { db.close(); console.warn('parley: storage closed for a newer version'); };
  }

  // One readwrite transaction with strict durability: resolves after the commit, rejects
  // once on any error or abort (quota exhausted included).
  write(storeName, apply, notify = true) {
    return new Promise((resolve, reject) => {
      let settled = false, result;
      const fail = (err) => { if (!settled) { settled = true; reject(err || new Error('transaction aborted')); } };
      let tx;
      try {
        tx = this.db.transaction(storeName, 'readwrite', { durability: 'strict' });
      } catch (e) {
        fail(e);
        return;
      }
      tx.oncomplete = () => {
        if (settled) return;
        settled = true;
        resolve(result);
        if (notify && this.onCommit) this.onCommit();
      };
      tx.onerror = () => fail(tx.error);
      tx.onabort = () => fail(tx.error);
      try {
        apply(tx.objectStore(storeName), (value) => { result = value; });
      } catch (e) {
        try { tx.abort(); } catch (_) { /* already finished */ }
        fail(e);
      }
    });
  }

  read(storeName, request) {
    return new Promise((resolve, reject) => {
      let req;
      try {
        req = request(this.db.transaction(storeName, 'readonly').objectStore(storeName));
      } catch (e) {
        reject(e);
        return;
      }
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  // A new record, pending; `seq` keeps the upload order across restarts and tabs.
  put(id, blob) {
    const seq = Date.now() * 1000 + (ParleyStore.counter = ((ParleyStore.counter || 0) + 1) % 1000);
    return this.write('outbox', (os) => os.put({ id, blob, state: ParleyConst.outbox.PENDING, reason: '', seq }));
  }

  // The outbox's verdicts, [{id, state, reason}] with core/outbox.h's states, in one
  // transaction (an acknowledged batch is one commit, not one per record): acknowledged →
  // gone; refused or damaged → kept with the reason.
  change(changes) {
    return this.write('outbox', (os) => {
      for (const { id, state, reason } of changes) {
        if (state === ParleyConst.outbox.ACKED) { os.delete(id); continue; }
        const req = os.get(id);
        req.onsuccess = () => { if (req.result) os.put({ ...req.result, state, reason }); };
      }
    });
  }

  get(id) { return this.read('outbox', (os) => os.get(id)); }
  count() { return this.read('outbox', (os) => os.count()); }

  // Every stored record, oldest first.
  async all() {
    const rows = await this.read('outbox', (os) => os.getAll());
    return rows.sort((a, b) => (a.seq || 0) - (b.seq || 0));
  }

  // The latest upload any tab of this device made (Unix ms, -1 none).
  async lastUpload() {
    const v = await this.read('device', (os) => os.get('last-upload'));
    return typeof v === 'number' && Number.isFinite(v) ? v : -1;
  }

  noteUpload(ms) {
    return this.write('device', (os) => {
      const req = os.get('last-upload');
      req.onsuccess = () => { if (!(req.result >= ms)) os.put(ms, 'last-upload'); };
    });
  }

  // The upload lease, read and written in one transaction so that two tabs can never both
  // take it: decide(owner, expires) returns the expiry to store for this tab, or 0.
  // Resolves with the expiry stored (0: another tab holds it).
  claimLease(me, decide) {
    return this.write('device', (os, done) => {
      const req = os.get('lease');
      req.onsuccess = () => {
        const l = req.result || {};
        const until = decide(typeof l.owner === 'string' ? l.owner : '', Number(l.expires) || 0);
        if (until > 0) os.put({ owner: me, expires: until }, 'lease');
        done(until > 0 ? until : 0);
      };
    }, false);
  }

  // This tab goes away: the lease is free now rather than at its expiry.
  releaseLease(me) {
    return this.write('device', (os) => {
      const req = os.get('lease');
      req.onsuccess = () => { if (req.result && req.result.owner === me) os.delete('lease'); };
    }, false);
  }
}

window.ParleyStore = ParleyStore;
