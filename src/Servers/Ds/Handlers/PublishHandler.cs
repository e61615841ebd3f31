using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds.Handlers
{
    // Publish -- reads Source, the header (key length, kind, string length,
    // flags), the key and, by kind: Number/Label Value; String the text
    // after the key; Blob Value (grant id) and BlobLength. Replies with the status only.
    // A blob is copied into a fresh buffer before the store sees it, so a
    // bad grant or a copy that fails halfway leaves the old entry intact.
    internal static unsafe class PublishHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            string? key = DataStoreMessage.Key(request);
            if (key == null || !DataStoreKeys.IsValidKey(key))
                return DataStoreStatus.BadKey;
            if (!server.Identify(request, out Caller caller))
                return Status.DeadEndpoint;
            int status = ReadValue(request, out EntryValue value);
            if (status != Status.Ok)
                return status;
            return server.Store.Publish(caller, key, value, DataStoreMessage.Flags(request), server.ToNotify);
        }

        private static int ReadValue(Message* request, out EntryValue value)
        {
            value = default;
            long word = DataStoreMessage.Value(request);
            switch (DataStoreMessage.Kind(request))
            {
                case DataStoreKind.Number:
                    if (word < 0 || word > uint.MaxValue)
                        return Status.BadArgument;
                    value = EntryValue.OfNumber((uint)word);
                    return Status.Ok;
                case DataStoreKind.Label:
                    if (word < 0 || word > int.MaxValue)
                        return Status.BadArgument;
                    value = EntryValue.OfLabel(new Endpoint((int)word));
                    return Status.Ok;
                case DataStoreKind.String:
                    string? text = DataStoreMessage.PublishedString(request);
                    if (text == null)
                        return DataStoreStatus.TooLong;
                    value = EntryValue.OfString(text);
                    return Status.Ok;
                case DataStoreKind.Blob:
                    return CopyBlob(request, out value);
                default:
                    return Status.BadArgument;
            }
        }

        private static int CopyBlob(Message* request, out EntryValue value)
        {
            value = default;
            long length = DataStoreMessage.BlobLength(request);
            if (length < 0)
                return Status.BadArgument;
            if (length > DataStoreLimits.MaxBlobLength)
                return DataStoreStatus.TooLong;
            byte[] bytes = new byte[length];
            if (length > 0)
            {
                fixed (byte* buffer = bytes)
                {
                    int status = Grants.CopyFrom(new Endpoint(request->Source), DataStoreMessage.Grant(request), 0, buffer, (ulong)length);
                    if (status != Status.Ok)
                        return status;
                }
            }
            value = EntryValue.OfBlob(bytes);
            return Status.Ok;
        }
    }
}
