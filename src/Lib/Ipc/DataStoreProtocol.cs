using System.Runtime.InteropServices;

namespace Minix3.Cosmos.Lib.Ipc
{
    // The data store (DS, src/Servers/Ds) protocol: typed key/value entries
    // that only their publisher may change, and subscriptions by key pattern.
    // Every request is a SendRec to "ds"; the reply's Type is the status
    // (Status.Ok, a Status code, or a DataStoreStatus code).
    //
    // Request layout (DataStorePayload):
    //   header  KeyLength (1..MaxKeyLength), Kind (DataStoreKind),
    //           StringLength (inline string), Change (Check replies only),
    //           Flags (DataStoreFlags)
    //   Text    payload bytes 8..55 (TextBytes): the key (ASCII), and for a
    //           String publish the value right after it
    //   Value   Number / Label: the value (u32, endpoint); Blob: a GrantId
    //   BlobLength  Blob: the length to publish, or the room the retrieve grant has
    // The key never reaches Value (8 + 31 < 40), so numbers and grants have
    // fixed places; a string shares the text bytes with the key instead: it
    // may have MaxStringLength bytes, and key + string at most TextBytes
    // (a 40-byte string takes a key of up to 8; longer values are blobs).
    // Replies use the same places; their fields are set only on Ok unless
    // noted. The reply's Type being the status, never a request code, a
    // client can always tell a reply from anything else it receives.
    //
    //   Publish    key, kind, value (as above), flags Overwrite
    //   Retrieve   key, kind expected; Blob: Value a grant with write rights, BlobLength its room
    //              reply: Number/Label Value; String: text from byte 8, length
    //              StringLength; Blob: BlobLength the entry's length (also when
    //              the room is too small: BufferTooSmall, nothing copied)
    //   Delete     key
    //   Subscribe  pattern in the key's place ('*' matches any run, including
    //              none); flags Initial: report existing matches at once
    //   Check      nothing; reply: one change (key, kind, change) or NotFound
    //              when nothing is pending. DS notifies a subscriber when a
    //              change is recorded for it; it then checks until NotFound.
    public static class DataStoreRequest
    {
        public const int Publish = 0xD501;
        public const int Retrieve = 0xD502;
        public const int Delete = 0xD503;
        public const int Subscribe = 0xD504;
        public const int Check = 0xD505;
    }

    public enum DataStoreKind : byte
    {
        None = 0,
        Number = 1,   // a u32
        String = 2,   // ASCII text, at most MaxStringLength bytes, inline
        Blob = 3,     // bytes, at most MaxBlobLength, through a grant
        Label = 4,    // a component's endpoint, published under its label
    }

    public static class DataStoreFlags
    {
        public const uint Overwrite = 1;  // Publish: replace the caller's existing entry
        public const uint Initial = 2;    // Subscribe: existing matches count as changes
        public const uint Known = Overwrite | Initial;
    }

    // Header byte 3 of a Check reply.
    public static class DataStoreChange
    {
        public const int Published = 1;
        public const int Deleted = 2;
    }

    public static class DataStoreLimits
    {
        public const int MaxKeyLength = 31;
        public const int TextBytes = 48;
        public const int MaxStringLength = 40;
        public const int MaxBlobLength = 4096;
        public const int MaxEntries = 128;
        public const int MaxSubscriptions = 64;     // patterns, over all subscribers
        public const int MaxPendingChanges = 64;    // per subscriber, between checks
    }

    // Status codes of DS's own (MINIX's errno in the comments). DS also
    // replies Status.BadArgument (unknown kind or flags), Status.NotAllowed
    // (not the entry's owner; a label entry for someone else),
    // Status.DeadEndpoint (the caller has no label any more) and, for blobs,
    // whatever SafeCopyFrom/To refused with (BadGrant, GrantRights,
    // OutOfRange, BadAddress). -100..-119 never collide with kernel codes.
    public static class DataStoreStatus
    {
        public const int NotFound = -100;           // no such key, or no change pending (ESRCH/ENOENT)
        public const int Exists = -101;             // key taken and Overwrite not given (EEXIST)
        public const int WrongKind = -102;          // the entry has another kind
        public const int StoreFull = -103;          // MaxEntries reached (ENOMEM)
        public const int SubscriptionsFull = -104;  // MaxSubscriptions reached (EAGAIN)
        public const int BadKey = -105;             // empty, too long, or not printable ASCII
        public const int TooLong = -106;            // string or blob over its limit
        public const int BufferTooSmall = -107;     // retrieve grant smaller than the blob
        public const int ChangesLost = -108;        // MaxPendingChanges overflowed; re-read what you need
        public const int UnknownRequest = -109;     // (ENOSYS)
        public const int NoSubscription = -110;     // Check without a Subscribe
        public const int Failed = -111;             // DS caught an internal error; nothing was changed
    }

    // Keys and patterns: 1..MaxKeyLength printable ASCII characters without
    // spaces ('!'..'~'). '*' is reserved for patterns, so a key never looks
    // like one.
    public static class DataStoreKeys
    {
        public const string DataStoreLabel = "ds";
        public const string ReincarnationLabel = "rs";

        public static bool IsValidKey(string key) => IsValid(key, allowWildcard: false);

        public static bool IsValidPattern(string pattern) => IsValid(pattern, allowWildcard: true);

        // String values: ASCII, no NUL (they are text, and C-side readers stop at NUL).
        public static bool IsValidText(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == 0 || text[i] >= 0x80)
                    return false;
            }
            return true;
        }

        private static bool IsValid(string text, bool allowWildcard)
        {
            if (text.Length == 0 || text.Length > DataStoreLimits.MaxKeyLength)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c <= ' ' || c > '~' || (c == '*' && !allowWildcard))
                    return false;
            }
            return true;
        }
    }

    [StructLayout(LayoutKind.Explicit, Size = Message.PayloadBytes)]
    public unsafe struct DataStorePayload
    {
        [FieldOffset(0)] public byte KeyLength;
        [FieldOffset(1)] public byte Kind;          // DataStoreKind
        [FieldOffset(2)] public byte StringLength;
        [FieldOffset(3)] public byte Change;        // DataStoreChange
        [FieldOffset(4)] public uint Flags;         // DataStoreFlags
        [FieldOffset(8)] public fixed byte Text[DataStoreLimits.TextBytes];
        [FieldOffset(40)] public long Value;        // Number, Label; Blob: GrantId value
        [FieldOffset(48)] public long BlobLength;   // or the retrieve grant's room

        public static DataStorePayload* Of(Message* message) => (DataStorePayload*)message->Payload;
    }

    // The layout above as accessors, for DS and its clients. Readers take
    // lengths from the header and clamp them to the text area, so a hostile
    // header can make a request invalid but never an out-of-bounds read.
    public static unsafe class DataStoreMessage
    {
        public static int KeyLength(Message* message) => DataStorePayload.Of(message)->KeyLength;
        public static DataStoreKind Kind(Message* message) => (DataStoreKind)DataStorePayload.Of(message)->Kind;
        public static int StringLength(Message* message) => DataStorePayload.Of(message)->StringLength;
        public static int Change(Message* message) => DataStorePayload.Of(message)->Change;
        public static uint Flags(Message* message) => DataStorePayload.Of(message)->Flags;
        public static long Value(Message* message) => DataStorePayload.Of(message)->Value;
        public static GrantId Grant(Message* message) => new GrantId((int)DataStorePayload.Of(message)->Value);
        public static long BlobLength(Message* message) => DataStorePayload.Of(message)->BlobLength;

        public static void SetHeader(Message* message, int keyLength, DataStoreKind kind, int stringLength, int change, uint flags)
        {
            DataStorePayload* payload = DataStorePayload.Of(message);
            payload->KeyLength = (byte)keyLength;
            payload->Kind = (byte)kind;
            payload->StringLength = (byte)stringLength;
            payload->Change = (byte)change;
            payload->Flags = flags;
        }

        public static void SetValue(Message* message, long value) => DataStorePayload.Of(message)->Value = value;
        public static void SetBlobLength(Message* message, long length) => DataStorePayload.Of(message)->BlobLength = length;

        // The key (or pattern) of a request, or of a Check reply; null when
        // the header's length is outside 1..MaxKeyLength. Characters are not
        // checked here (DataStoreKeys does that).
        public static string? Key(Message* message)
        {
            int length = KeyLength(message);
            if (length == 0 || length > DataStoreLimits.MaxKeyLength)
                return null;
            return ReadText(message, 0, length);
        }

        // A String publish's value (after the key); null when it would run
        // past the text area.
        public static string? PublishedString(Message* message)
        {
            int keyLength = KeyLength(message), length = StringLength(message);
            if (keyLength + length > DataStoreLimits.TextBytes)
                return null;
            return ReadText(message, keyLength, length);
        }

        // A String retrieve reply's value (it starts the text area).
        public static string RetrievedString(Message* message)
        {
            int length = StringLength(message);
            return ReadText(message, 0, length < DataStoreLimits.TextBytes ? length : DataStoreLimits.TextBytes);
        }

        // Text bytes as chars, one byte each (validation rejects bytes >= 0x80).
        // Callers keep offset + length inside the text area.
        private static string ReadText(Message* message, int offset, int length)
        {
            char* chars = stackalloc char[DataStoreLimits.TextBytes];
            byte* text = DataStorePayload.Of(message)->Text;
            for (int i = 0; i < length; i++)
                chars[i] = (char)text[offset + i];
            return new string(chars, 0, length);
        }

        // Writes text at offset in the text area; chars past 0xFF become '?'.
        public static void WriteText(Message* message, int offset, string text)
        {
            if (offset < 0 || offset + text.Length > DataStoreLimits.TextBytes)
                throw new System.ArgumentOutOfRangeException();
            byte* bytes = DataStorePayload.Of(message)->Text;
            for (int i = 0; i < text.Length; i++)
                bytes[offset + i] = text[i] <= 0xFF ? (byte)text[i] : (byte)'?';
        }

        // Request builders for clients. Each clears the message first and
        // returns Status.Ok, or the status DS would answer for an argument
        // that cannot be encoded (so a client never sends a truncated key).
        public static int Request(Message* message, int type, string key, DataStoreKind kind, uint flags)
        {
            *message = default;
            if (key.Length == 0 || key.Length > DataStoreLimits.MaxKeyLength)
                return DataStoreStatus.BadKey;
            message->Type = type;
            SetHeader(message, key.Length, kind, 0, 0, flags);
            WriteText(message, 0, key);
            return Status.Ok;
        }

        public static int PublishNumber(Message* message, string key, uint value, uint flags)
        {
            int status = Request(message, DataStoreRequest.Publish, key, DataStoreKind.Number, flags);
            SetValue(message, value);
            return status;
        }

        public static int PublishLabel(Message* message, string label, Endpoint endpoint, uint flags)
        {
            int status = Request(message, DataStoreRequest.Publish, label, DataStoreKind.Label, flags);
            SetValue(message, endpoint.Value);
            return status;
        }

        public static int PublishString(Message* message, string key, string value, uint flags)
        {
            int status = Request(message, DataStoreRequest.Publish, key, DataStoreKind.String, flags);
            if (status != Status.Ok)
                return status;
            if (value.Length > DataStoreLimits.MaxStringLength || key.Length + value.Length > DataStoreLimits.TextBytes)
                return DataStoreStatus.TooLong;
            DataStorePayload.Of(message)->StringLength = (byte)value.Length;
            WriteText(message, key.Length, value);
            return Status.Ok;
        }

        // grant: readable by ds, at least length bytes.
        public static int PublishBlob(Message* message, string key, GrantId grant, long length, uint flags)
        {
            int status = Request(message, DataStoreRequest.Publish, key, DataStoreKind.Blob, flags);
            SetValue(message, grant.Value);
            SetBlobLength(message, length);
            return status;
        }

        // For a Blob, grant (writable by ds) and room; ignored for other kinds.
        public static int Retrieve(Message* message, string key, DataStoreKind kind, GrantId grant = default, long room = 0)
        {
            int status = Request(message, DataStoreRequest.Retrieve, key, kind, 0);
            SetValue(message, grant.Value);
            SetBlobLength(message, room);
            return status;
        }

        public static int Delete(Message* message, string key) =>
            Request(message, DataStoreRequest.Delete, key, DataStoreKind.None, 0);

        public static int Subscribe(Message* message, string pattern, uint flags) =>
            Request(message, DataStoreRequest.Subscribe, pattern, DataStoreKind.None, flags);

        public static void Check(Message* message)
        {
            *message = default;
            message->Type = DataStoreRequest.Check;
        }
    }
}
