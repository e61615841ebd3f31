using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // One change a subscriber has not checked yet: the key, the kind it had,
    // and whether it was published (or overwritten) or deleted
    // (DataStoreChange). Only the latest change of a key is kept: a
    // subscriber asks "what changed", then retrieves the current value.
    public readonly struct Change
    {
        public Change(string key, DataStoreKind kind, int what)
        {
            Key = key;
            Kind = kind;
            What = what;
        }

        public string Key { get; }
        public DataStoreKind Kind { get; }
        public int What { get; }
    }
}
