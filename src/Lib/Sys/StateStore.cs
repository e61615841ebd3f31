using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // A component's state kept in the data store, which outlives it: what
    // it saves here a restarted instance (after a crash) or a new version
    // (after a live update) takes back at start (see Lifecycle's
    // StartKind). Entries are "<label>.<name>" (StateKeys); a number is a
    // u32, a blob at most DataStoreLimits.MaxBlobLength bytes.
    //
    // Every call is one SendRec to DS and returns a status:
    //   Status.Ok                  done
    //   DataStoreStatus.NotFound   Restore*: nothing saved under that name
    //   DataStoreStatus.BadKey     label + name do not make a DS key
    //   DataStoreStatus.TooLong    a blob over MaxBlobLength
    //   DataStoreStatus.WrongKind  saved under that name as the other kind
    //   DataStoreStatus.BufferTooSmall  RestoreBlob: the room is smaller
    //                              than the blob (its length is reported)
    //   Status.DeadEndpoint        no DS in this image (or it is gone)
    //   others                     DS's or the kernel's, unchanged
    // Blobs travel through a grant of the caller's own (a process has one
    // grant table, so the library cannot add an entry behind its back): a
    // read grant to DS for Save, a write grant to DS for Restore (the DS
    // endpoint is DataStore).
    public sealed unsafe class StateStore
    {
        private Endpoint _ds = Endpoint.None;

        public StateStore(string label) => Label = label;

        public string Label { get; }

        // DS's endpoint (None without DS), for the caller's blob grants.
        public Endpoint DataStore
        {
            get
            {
                if (_ds.IsNone)
                    _ds = Endpoints.Lookup(DataStoreKeys.DataStoreLabel);
                return _ds;
            }
        }

        public int SaveNumber(string name, uint value)
        {
            Message message = default;
            int status = Build(name, out string? key);
            if (status == Status.Ok)
                status = Call(&message, DataStoreMessage.PublishNumber(&message, key!, value, DataStoreFlags.Overwrite));
            return status;
        }

        public int RestoreNumber(string name, out uint value)
        {
            value = 0;
            Message message = default;
            int status = Build(name, out string? key);
            if (status == Status.Ok)
                status = Call(&message, DataStoreMessage.Retrieve(&message, key!, DataStoreKind.Number));
            if (status == Status.Ok)
                value = (uint)DataStoreMessage.Value(&message);
            return status;
        }

        // readableByDs: a grant to DS with read rights over at least length bytes.
        public int SaveBlob(string name, GrantId readableByDs, int length)
        {
            if (length < 0 || length > DataStoreLimits.MaxBlobLength)
                return DataStoreStatus.TooLong;
            Message message = default;
            int status = Build(name, out string? key);
            if (status == Status.Ok)
                status = Call(&message, DataStoreMessage.PublishBlob(&message, key!, readableByDs, length, DataStoreFlags.Overwrite));
            return status;
        }

        // writableByDs: a grant to DS with write rights over room bytes.
        // length: the saved blob's length (also on BufferTooSmall).
        public int RestoreBlob(string name, GrantId writableByDs, int room, out int length)
        {
            length = 0;
            Message message = default;
            int status = Build(name, out string? key);
            if (status == Status.Ok)
                status = Call(&message, DataStoreMessage.Retrieve(&message, key!, DataStoreKind.Blob, writableByDs, room));
            if (status == Status.Ok || status == DataStoreStatus.BufferTooSmall)
                length = (int)DataStoreMessage.BlobLength(&message);
            return status;
        }

        // Forgets a saved entry (state the successor must not take back).
        public int Delete(string name)
        {
            Message message = default;
            int status = Build(name, out string? key);
            return status == Status.Ok ? Call(&message, DataStoreMessage.Delete(&message, key!)) : status;
        }

        private int Build(string name, out string? key) => StateKeys.Build(Label, name, out key);

        private int Call(Message* message, int built) => built != Status.Ok ? built : Call(message);

        // The trap's status if the exchange failed, else DS's reply status.
        // A DS that was restarted has a new endpoint: look it up once more.
        private int Call(Message* message)
        {
            Message request = *message;
            Endpoint ds = DataStore;
            if (ds.IsNone)
                return Status.DeadEndpoint;
            int status = Ipc.SendRec(ds, message);
            if (status == Status.DeadEndpoint)
            {
                _ds = Endpoint.None;
                ds = DataStore;
                if (ds.IsNone)
                    return Status.DeadEndpoint;
                *message = request;
                status = Ipc.SendRec(ds, message);
            }
            return status != Status.Ok ? status : message->Type;
        }
    }
}
