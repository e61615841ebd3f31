using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // The data store's state and rules, free of hardware and IPC so the host
    // unit tests run the very code DS runs. One entry per key, whatever its
    // kind. Rules:
    //   - Anyone may retrieve an entry a component published (DS holds
    //     shared, not secret, state); an entry a user program published is
    //     that user's alone (Caller): nobody else may retrieve it or hear of
    //     its changes.
    //   - Only the owner (the label that first published the key) may
    //     overwrite (with DataStoreFlags.Overwrite) or delete it. The owner is
    //     a label, not an endpoint: see Caller.
    //   - A Label entry maps a label to an endpoint, which others will trust
    //     to find a component, so only the reincarnation server ("rs") may
    //     publish one for anybody; any other component only for itself (key =
    //     its label, value = the endpoint it is calling from).
    //   - Every check happens before anything changes: a refused request
    //     leaves entries and subscriptions as they were.
    // Publish and Delete report the subscribers that got a change to notify;
    // notifying is the server's job.
    public sealed class DataStore
    {
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>();
        private readonly Subscriptions _subscriptions;
        private readonly int _maxEntries;

        public DataStore()
            : this(DataStoreLimits.MaxEntries, DataStoreLimits.MaxSubscriptions, DataStoreLimits.MaxPendingChanges)
        {
        }

        public DataStore(int maxEntries, int maxSubscriptions, int maxPendingChanges)
        {
            _maxEntries = maxEntries;
            _subscriptions = new Subscriptions(maxSubscriptions, maxPendingChanges);
        }

        public int Count => _entries.Count;
        public Subscriptions Subscriptions => _subscriptions;

        public int Publish(Caller caller, string key, EntryValue value, uint flags, List<Subscriber> notify)
        {
            if (!DataStoreKeys.IsValidKey(key))
                return DataStoreStatus.BadKey;
            if ((flags & ~DataStoreFlags.Overwrite) != 0)
                return Status.BadArgument;
            int status = CheckValue(caller, key, value);
            if (status != Status.Ok)
                return status;
            if (_entries.TryGetValue(key, out Entry? existing))
            {
                if (existing.Owner != caller.Label)
                    return Status.NotAllowed;
                if ((flags & DataStoreFlags.Overwrite) == 0)
                    return DataStoreStatus.Exists;
            }
            else if (_entries.Count >= _maxEntries)
            {
                return DataStoreStatus.StoreFull;
            }
            _entries[key] = new Entry(key, caller.Label, value);
            _subscriptions.Record(new Change(key, value.Kind, DataStoreChange.Published), caller.Label, notify);
            return Status.Ok;
        }

        // Ok with the entry; BadKey, NotFound, or WrongKind when it is not
        // of the kind the caller expects (BadArgument for kind None).
        public int Retrieve(Caller caller, string key, DataStoreKind kind, out Entry? entry)
        {
            entry = null;
            if (!DataStoreKeys.IsValidKey(key))
                return DataStoreStatus.BadKey;
            if (kind == DataStoreKind.None || kind > DataStoreKind.Label)
                return Status.BadArgument;
            if (!_entries.TryGetValue(key, out Entry? found))
                return DataStoreStatus.NotFound;
            if (!caller.MaySee(found.Owner))
                return Status.NotAllowed;
            if (found.Value.Kind != kind)
                return DataStoreStatus.WrongKind;
            entry = found;
            return Status.Ok;
        }

        public int Delete(Caller caller, string key, List<Subscriber> notify)
        {
            if (!DataStoreKeys.IsValidKey(key))
                return DataStoreStatus.BadKey;
            if (!_entries.TryGetValue(key, out Entry? existing))
                return DataStoreStatus.NotFound;
            if (existing.Owner != caller.Label)
                return Status.NotAllowed;
            _entries.Remove(key);
            _subscriptions.Record(new Change(key, existing.Value.Kind, DataStoreChange.Deleted), existing.Owner, notify);
            return Status.Ok;
        }

        // Adds pattern to the caller's subscriptions. With Initial, every
        // existing entry it matches becomes a pending change for the caller
        // (then in notify), so a (re)starting component learns the current
        // state the same way it learns later changes.
        public int Subscribe(Caller caller, string pattern, uint flags, List<Subscriber> notify)
        {
            if (!DataStoreKeys.IsValidPattern(pattern))
                return DataStoreStatus.BadKey;
            if ((flags & ~DataStoreFlags.Initial) != 0)
                return Status.BadArgument;
            int status = _subscriptions.Add(caller, pattern, out Subscriber? subscriber);
            if (status != Status.Ok || subscriber == null || (flags & DataStoreFlags.Initial) == 0)
                return status;
            bool recorded = false;
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (!KeyPattern.Matches(pattern, pair.Key) || !caller.MaySee(pair.Value.Owner))
                    continue;
                subscriber.Record(new Change(pair.Key, pair.Value.Value.Kind, DataStoreChange.Published));
                recorded = true;
            }
            if (recorded)
                notify.Add(subscriber);
            return Status.Ok;
        }

        // The caller's next pending change; see Subscriber.Take.
        public int Check(Caller caller, out Change change) => _subscriptions.Check(caller, out change);

        private static int CheckValue(Caller caller, string key, EntryValue value)
        {
            switch (value.Kind)
            {
                case DataStoreKind.Number:
                    return value.Number >= 0 && value.Number <= uint.MaxValue ? Status.Ok : Status.BadArgument;
                case DataStoreKind.String:
                    if (value.Text == null)
                        return Status.BadArgument;
                    if (value.Text.Length > DataStoreLimits.MaxStringLength)
                        return DataStoreStatus.TooLong;
                    return DataStoreKeys.IsValidText(value.Text) ? Status.Ok : Status.BadArgument;
                case DataStoreKind.Blob:
                    if (value.Bytes == null)
                        return Status.BadArgument;
                    return value.Bytes.Length <= DataStoreLimits.MaxBlobLength ? Status.Ok : DataStoreStatus.TooLong;
                case DataStoreKind.Label:
                    if (value.Number < 0)
                        return Status.BadArgument;
                    if (caller.Label == DataStoreKeys.ReincarnationLabel)
                        return Status.Ok;
                    return key == caller.Label && value.Number == caller.Endpoint.Value ? Status.Ok : Status.NotAllowed;
                default:
                    return Status.BadArgument;
            }
        }
    }
}
