// store.js — durable browser storage for records, on IndexedDB directly (not IDBFS): every
// write is its own transaction with strict durability, reported done only once committed,
// and every failure is reported exactly once. What C stores here stays until uploaded.
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

  // Resolves after the transaction committed; rejects once on any error or abort.
  put(id, line) {
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
      tx.objectStore('outbox').put({ id, line, state: 'pending', stored: Date.now() });
    });
  }

  count() {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction('outbox', 'readonly').objectStore('outbox').count();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  all() {
    return new Promise((resolve, reject) => {
      const req = this.db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
}

window.ParleyStore = ParleyStore;
