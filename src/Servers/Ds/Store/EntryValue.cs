using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // The typed value of an entry: a u32 or an endpoint in Number, ASCII
    // text in Text, bytes in Bytes. Built through the factories, which are
    // the only way a kind and its field go together.
    public readonly struct EntryValue
    {
        private EntryValue(DataStoreKind kind, long number, string? text, byte[]? bytes)
        {
            Kind = kind;
            Number = number;
            Text = text;
            Bytes = bytes;
        }

        public DataStoreKind Kind { get; }
        public long Number { get; }
        public string? Text { get; }
        public byte[]? Bytes { get; }

        public static EntryValue OfNumber(uint value) => new EntryValue(DataStoreKind.Number, value, null, null);

        public static EntryValue OfLabel(Endpoint endpoint) => new EntryValue(DataStoreKind.Label, endpoint.Value, null, null);

        public static EntryValue OfString(string text) => new EntryValue(DataStoreKind.String, 0, text, null);

        public static EntryValue OfBlob(byte[] bytes) => new EntryValue(DataStoreKind.Blob, 0, null, bytes);
    }

    // One published entry. Never changed in place: an overwrite replaces the
    // object, so nothing ever sees half an update.
    public sealed class Entry
    {
        public Entry(string key, string owner, EntryValue value)
        {
            Key = key;
            Owner = owner;
            Value = value;
        }

        public string Key { get; }
        public string Owner { get; }
        public EntryValue Value { get; }
    }
}
