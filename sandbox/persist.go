package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Persistence (WithDataDir, procuret-sandbox -data DIR). The store in memory is what the
// sandbox serves from; with a data directory every change is also written, before the request
// is answered, to a bbolt file (DIR/sandbox.db). bbolt commits each write transaction with an
// fsync, so a change the sandbox acknowledged with a 2xx survives a crash or a SIGKILL. On
// start the sandbox loads the default data and the seeds as always, then every stored record on
// top of them.
//
// Each kind of record lives in a bucket of its own, as JSON keyed by the record's ID. Adding a
// kind takes four things: a bucket name and a loader in the kinds table below, a record type,
// and a call to st.persist(put(bucket, key, record)) (or del) wherever the store changes it.
// The seed (suppliers, businesses, accounts, series) is not stored: it comes from the seed
// files, so start the sandbox with the same -seed files each time.

const (
	bucketMeta     = "meta"
	bucketLinks    = "links"
	bucketSessions = "sessions"
	bucketCodes    = "codes"
	bucketMail     = "mail"
)

// dataFormat is the layout version written in the meta bucket; a store of another version is
// refused rather than misread.
const dataFormat = "1"

// kinds are the persisted record kinds, loaded in this order.
var kinds = []struct {
	bucket string
	load   func(st *store, key, val []byte) error
}{
	{bucketSessions, (*store).loadSessionRecord},
	{bucketCodes, (*store).loadCodeRecord},
	{bucketMail, (*store).loadMailRecord},
	{bucketSuppliers, (*store).loadSupplierRecord}, // before links: a link may be of a made supplier
	{bucketFeeModes, (*store).loadFeeModeRecord},
	{bucketLinks, (*store).loadLinkRecord},
}

// durable is the bbolt file of a data directory; a nil *durable keeps everything in memory.
type durable struct {
	db   *bolt.DB
	path string
}

// openDurable opens (creating) DIR/sandbox.db. Another process holding it is an error after a
// second, rather than a wait forever.
func openDurable(dir string) (*durable, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	path := filepath.Join(dir, "sandbox.db")
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("data directory %s: another sandbox is using it", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	d := &durable{db: db, path: path}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucketIfNotExists([]byte(bucketMeta))
		if err != nil {
			return err
		}
		switch v := meta.Get([]byte("format")); {
		case v == nil:
			if err := meta.Put([]byte("format"), []byte(dataFormat)); err != nil {
				return err
			}
		case string(v) != dataFormat:
			return fmt.Errorf("%s holds data format %q; this sandbox reads %q", path, v, dataFormat)
		}
		for _, k := range kinds {
			if _, err := tx.CreateBucketIfNotExists([]byte(k.bucket)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("data directory %s: %w", dir, err)
	}
	return d, nil
}

func (d *durable) close() error {
	if d == nil {
		return nil
	}
	return d.db.Close()
}

// op is one change to write: a record to put, or (val nil) a key to delete.
type op struct {
	bucket, key string
	val         any
}

func put(bucket, key string, v any) op { return op{bucket: bucket, key: key, val: v} }
func del(bucket, key string) op        { return op{bucket: bucket, key: key} }

// write applies ops in one transaction, durably (fsync) before it returns.
func (d *durable) write(ops ...op) error {
	if d == nil || len(ops) == 0 {
		return nil
	}
	return d.db.Update(func(tx *bolt.Tx) error {
		for _, o := range ops {
			b := tx.Bucket([]byte(o.bucket))
			if b == nil {
				return fmt.Errorf("no bucket %q", o.bucket)
			}
			if o.val == nil {
				if err := b.Delete([]byte(o.key)); err != nil {
					return err
				}
				continue
			}
			raw, err := json.Marshal(o.val)
			if err != nil {
				return fmt.Errorf("%s %s: %w", o.bucket, o.key, err)
			}
			if err := b.Put([]byte(o.key), raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// loadAll reads every stored record into st (st.mu held).
func (d *durable) loadAll(st *store) error {
	if d == nil {
		return nil
	}
	return d.db.View(func(tx *bolt.Tx) error {
		for _, k := range kinds {
			err := tx.Bucket([]byte(k.bucket)).ForEach(func(key, val []byte) error {
				if err := k.load(st, key, val); err != nil {
					return fmt.Errorf("%s %s: %w", k.bucket, key, err)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("%s: %w", d.path, err)
			}
		}
		return nil
	})
}

// persist writes ops to the data directory, if any; st.mu must be held for writing, so that
// what is written follows the order of the changes in memory. A failure is a 500: the change
// was not made durable and the caller must not apply it.
func (st *store) persist(ops ...op) *apiError {
	if err := st.db.write(ops...); err != nil {
		st.writeErr = err
		return newError(500, "The sandbox could not write its data directory: %v", err)
	}
	return nil
}
