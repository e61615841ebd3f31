using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // Read (FsTransferRequest): the file by handle, position, data grant
    // (write rights), length. The bytes go from the disk's buffers or the
    // cache straight into the grant, piece by piece (GrantSink). Reply
    // FsTransferReply: bytes moved, 0 at or past the end of the file. The
    // arguments are checked before the disk is touched.
    internal static unsafe class ReadHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            FsTransferRequest* asked = FsTransferRequest.Of(request);
            int status = Server.TransferArguments(asked->Position, asked->Length);
            if (status != Status.Ok)
                return status;
            status = server.Nodes.Resolve(server.Volume!, asked->Handle, out FatNode node);
            if (status != Status.Ok)
                return status;
            long position = asked->Position;
            int length = (int)asked->Length;
            int read = 0;
            if (position < node.Size && length > 0)
            {
                // The disk may fetch this request's sectors ahead, no more.
                long wanted = node.Size - position < length ? node.Size - position : length;
                server.Device?.Expect(wanted);
                server.Sink.Start(request->Source, asked->DataGrant);
                FsError error = server.Volume!.Read(node, position, length, server.Sink, out read);
                server.Device?.Expect(0);
                if (server.Sink.Status != Status.Ok)
                    return server.Sink.Status;
                if (error != FsError.None)
                    return Server.StatusOf(error);
            }
            FsTransferReply* done = FsTransferReply.Of(reply);
            done->Bytes = read;
            done->Position = position;
            done->Size = node.Size;
            return Status.Ok;
        }
    }
}
