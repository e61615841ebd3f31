using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Ds.Store;

namespace Minix3.Cosmos.Servers.Ds.Handlers
{
    // Retrieve -- reads Source, the header (key length, kind), the key, and
    // for a Blob Value (grant id, writable by ds) and BlobLength (the
    // grant's room). Replies: header kind; Number/Label Value; String
    // StringLength and the text; Blob BlobLength (its length, also
    // with BufferTooSmall so the caller knows how much room to grant).
    // Anyone may retrieve a component's entry; a user's only that user.
    internal static unsafe class RetrieveHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            string? key = DataStoreMessage.Key(request);
            if (key == null)
                return DataStoreStatus.BadKey;
            if (!server.Identify(request, out Caller caller))
                return Status.DeadEndpoint;
            int status = server.Store.Retrieve(caller, key, DataStoreMessage.Kind(request), out Entry? entry);
            if (status != Status.Ok || entry == null)
                return status;
            EntryValue value = entry.Value;
            switch (value.Kind)
            {
                case DataStoreKind.String:
                    string text = value.Text ?? "";
                    DataStoreMessage.SetHeader(reply, 0, value.Kind, text.Length, 0, 0);
                    DataStoreMessage.WriteText(reply, 0, text);
                    return Status.Ok;
                case DataStoreKind.Blob:
                    DataStoreMessage.SetHeader(reply, 0, value.Kind, 0, 0, 0);
                    return CopyBlob(request, reply, value.Bytes ?? new byte[0]);
                default:
                    DataStoreMessage.SetHeader(reply, 0, value.Kind, 0, 0, 0);
                    DataStoreMessage.SetValue(reply, value.Number);
                    return Status.Ok;
            }
        }

        private static int CopyBlob(Message* request, Message* reply, byte[] bytes)
        {
            DataStoreMessage.SetBlobLength(reply, bytes.Length);
            if (DataStoreMessage.BlobLength(request) < bytes.Length)
                return DataStoreStatus.BufferTooSmall;
            if (bytes.Length == 0)
                return Status.Ok;
            fixed (byte* buffer = bytes)
                return Grants.CopyTo(new Endpoint(request->Source), DataStoreMessage.Grant(request), 0, buffer, (ulong)bytes.Length);
        }
    }
}
