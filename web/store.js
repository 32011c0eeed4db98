// store.js — durable browser storage for records, on IndexedDB directly (not IDBFS): every
// write is its own transaction with strict durability, reported done only once committed,
// and every failure is reported exactly once. Each record is kept as the outbox's storage
// form (an LZ4 frame made in C) with its state; it is deleted only once parleyd has
// acknowledged it, and a refused or damaged one is kept with the reason.
'use strict';

class ParleyStore {
  static open(name = 'parley') {
    return new Promise((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(new ParleyStore(req.result));
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('storage is blocked by another tab'));
    });
  }

  constructor(db) {
    this.db = db;
  }

  // One readwrite transaction with strict durability: resolves after the commit, rejects
  // once on any error or abort (quota exhausted included).
  write(apply) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err) => { if (!settled) { settled = true; reject(err || new Error('transaction aborted')); } };
      let tx;
      try {
        tx = this.db.transaction('outbox', 'readwrite', { durability: 'strict' });
      } catch (e) {
        fail(e);
        return;
      }
      tx.oncomplete = () => { if (!settled) { settled = true; resolve(); } };
      tx.onerror = () => fail(tx.error);
      tx.onabort = () => fail(tx.error);
      apply(tx.objectStore('outbox'));
    });
  }

  // A new record: state 1 (pending); `seq` keeps the upload order across restarts.
  put(id, blob) {
    const seq = Date.now() * 1000 + (ParleyStore.counter = ((ParleyStore.counter || 0) + 1) % 1000);
    return this.write((os) => os.put({ id, blob, state: 1, reason: '', seq }));
  }

  // The outbox's verdict: 3 acknowledged → gone; 4 refused, 5 damaged → kept with the reason.
  change(id, state, reason) {
    return this.write((os) => {
      if (state === 3) { os.delete(id); return; }
      const req = os.get(id);
      req.onsuccess = () => { if (req.result) os.put({ ...req.result, state, reason }); };
    });
  }

  get(id) {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction('outbox', 'readonly').objectStore('outbox').get(id);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  count() {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction('outbox', 'readonly').objectStore('outbox').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  // Every stored record, oldest first.
  all() {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
      req.onsuccess = () => resolve(req.result.sort((a, b) => (a.seq || 0) - (b.seq || 0)));
      req.onerror = () => reject(req.error);
    });
  }
}

window.ParleyStore = ParleyStore;
