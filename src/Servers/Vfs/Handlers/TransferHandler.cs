using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Read and Write (VfsTransferRequest -> VfsTransferReply). Files go
    // through FS at the open file's position (shared by every descriptor
    // naming it), which then advances; FS copies between its disk buffers
    // and the user's grant, handed on (FileServer.Transfer), so VFS never
    // holds a file's bytes. So does a seekable device's position (the RAM
    // disk, hello); pipes and devices may hold the caller back (NoReply).
    internal static unsafe class TransferHandler
    {
        public static int Read(Server server, Message* request, Message* reply)
        {
            VfsTransferRequest* asked = VfsTransferRequest.Of(request);
            int status = Arguments(server, request, out OpenFile file, out int length);
            if (status != Status.Ok)
                return status;
            if (!file.CanRead)
                return VfsStatus.NotReadable;
            switch (file.Kind)
            {
                case OpenFileKind.PipeRead:
                    return Answer(server.Pipes.Read(request->Source, file, asked->Grant, length), reply);
                case OpenFileKind.Device:
                    return server.Devices.Start(request->Source, file, true, asked->Grant, length, DriverFlags(asked->Flags));
                case OpenFileKind.File:
                    break;
                default:
                    return FileSystemStatus.IsADirectory;
            }
            if (length == 0)
                return Status.Ok;
            // FS copies straight into the user's buffer (the grant handed on).
            Message fs;
            status = server.Fs.Transfer(FileSystemRequest.Read, file, request->Source, asked->Grant, length, &fs);
            if (status != Status.Ok)
                return status;
            long read = FsTransferReply.Of(&fs)->Bytes;
            file.Position += read;
            VfsTransferReply.Of(reply)->Bytes = read;
            return Status.Ok;
        }

        public static int Write(Server server, Message* request, Message* reply)
        {
            VfsTransferRequest* asked = VfsTransferRequest.Of(request);
            int status = Arguments(server, request, out OpenFile file, out int length);
            if (status != Status.Ok)
                return status;
            if (!file.CanWrite)
                return VfsStatus.NotWritable;
            switch (file.Kind)
            {
                case OpenFileKind.PipeWrite:
                    return Answer(server.Pipes.Write(request->Source, file, asked->Grant, length), reply);
                case OpenFileKind.Device:
                    return server.Devices.Start(request->Source, file, false, asked->Grant, length, DriverFlags(asked->Flags));
                case OpenFileKind.File:
                    break;
                default:
                    return FileSystemStatus.IsADirectory;
            }
            if (length == 0)
                return Status.Ok;
            // FS copies the user's bytes itself (the grant handed on) before
            // it changes the disk, so a bad grant changes nothing; an
            // append goes to the end FS knows and says where that was.
            Message fs;
            status = server.Fs.Transfer(FileSystemRequest.Write, file, request->Source, asked->Grant, length, &fs);
            if (status != Status.Ok)
                return status;
            FsTransferReply* written = FsTransferReply.Of(&fs);
            file.Position = written->Position + written->Bytes;
            VfsTransferReply.Of(reply)->Bytes = written->Bytes;
            return Status.Ok;
        }

        private static int Arguments(Server server, Message* request, out OpenFile file, out int length)
        {
            length = 0;
            VfsTransferRequest* asked = VfsTransferRequest.Of(request);
            int status = server.Descriptor(request, asked->Descriptor, out file);
            if (status != Status.Ok)
                return status;
            // TransferFlags are for devices (sockets) only; unknown bits never.
            if ((asked->Flags & ~TransferFlags.Known) != 0 || (asked->Flags != 0 && file.Kind != OpenFileKind.Device))
                return Status.BadArgument;
            return Server.Length(asked->Length, out length);
        }

        // The user's TransferFlags as the driver protocol's.
        public static long DriverFlags(long flags) =>
            ((flags & TransferFlags.Addressed) != 0 ? DriverRequest.Addressed : 0) |
            ((flags & TransferFlags.DontWait) != 0 ? DriverRequest.DontWait : 0);

        // A pipe's result: bytes, a status, or NoReply.
        private static int Answer(int result, Message* reply)
        {
            if (result < 0)
                return result;
            VfsTransferReply.Of(reply)->Bytes = result;
            return Status.Ok;
        }
    }
}
