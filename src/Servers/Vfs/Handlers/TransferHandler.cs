using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Read and Write: Word0 fd, Word1 the user's data grant, Word2 length
    // (<= MaxTransfer) -> Word0 bytes moved. Files go through FS at the
    // open file's position (shared by every descriptor naming it), which
    // then advances; so does a seekable device's (the RAM disk, hello);
    // pipes and devices may hold the caller back (NoReply).
    internal static unsafe class TransferHandler
    {
        public static int Read(Server server, Message* request, Message* reply)
        {
            int status = Arguments(server, request, out OpenFile file, out int length);
            if (status != Status.Ok)
                return status;
            if (!file.CanRead)
                return VfsStatus.NotReadable;
            switch (file.Kind)
            {
                case OpenFileKind.PipeRead:
                    return Answer(server.Pipes.Read(request->Source, file, request->Word1, length), reply);
                case OpenFileKind.Device:
                    return server.Devices.Start(request->Source, file, true, request->Word1, length);
                case OpenFileKind.File:
                    break;
                default:
                    return FileSystemStatus.IsADirectory;
            }
            if (length == 0)
                return Status.Ok;
            Message fs;
            status = server.Fs.Call(FileSystemRequest.Read, file.Path, file.Position, length, &fs);
            if (status != Status.Ok)
                return status;
            int read = (int)fs.Word0;
            status = server.CopyToUser(request->Source, request->Word1, 0, server.Fs.Data, read);
            if (status != Status.Ok)
                return status;
            file.Position += read;
            reply->Word0 = read;
            return Status.Ok;
        }

        public static int Write(Server server, Message* request, Message* reply)
        {
            int status = Arguments(server, request, out OpenFile file, out int length);
            if (status != Status.Ok)
                return status;
            if (!file.CanWrite)
                return VfsStatus.NotWritable;
            switch (file.Kind)
            {
                case OpenFileKind.PipeWrite:
                    return Answer(server.Pipes.Write(request->Source, file, request->Word1, length), reply);
                case OpenFileKind.Device:
                    return server.Devices.Start(request->Source, file, false, request->Word1, length);
                case OpenFileKind.File:
                    break;
                default:
                    return FileSystemStatus.IsADirectory;
            }
            // The user's bytes first: a bad grant changes nothing on disk.
            status = server.CopyFromUser(request->Source, request->Word1, 0, server.Fs.Data, length);
            if (status != Status.Ok || length == 0)
                return status;
            if (file.Append)
            {
                status = server.Fs.Lookup(file.Path, out long size, out bool _);
                if (status != Status.Ok)
                    return status;
                file.Position = size;
            }
            Message fs;
            status = server.Fs.Call(FileSystemRequest.Write, file.Path, file.Position, length, &fs);
            if (status != Status.Ok)
                return status;
            file.Position += fs.Word0;
            reply->Word0 = fs.Word0;
            return Status.Ok;
        }

        private static int Arguments(Server server, Message* request, out OpenFile file, out int length)
        {
            length = 0;
            int status = server.Descriptor(request, request->Word0, out file);
            return status != Status.Ok ? status : Server.Length(request->Word2, out length);
        }

        // A pipe's result: bytes, a status, or NoReply.
        private static int Answer(int result, Message* reply)
        {
            if (result < 0)
                return result;
            reply->Word0 = result;
            return Status.Ok;
        }
    }
}
