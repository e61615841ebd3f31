using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS as FS's client (FileSystemProtocol.cs): the path and the data go
    // through VFS's own buffers, granted to fs (the path read-only, the data
    // read-write). FS answers promptly, so these are SendRecs. FS is found
    // by label, and again when its endpoint turns out dead (a restart).
    internal sealed unsafe class FileServer
    {
        private readonly GrantTable _grants;
        private Endpoint _fs = Endpoint.None;

        public FileServer(GrantTable grants) => _grants = grants;

        // One transfer's bytes (at most MaxTransfer), also the directory
        // listing buffer.
        public byte[] Data => _grants.FsData;

        // A request naming `path`; words 2..4 as given. The reply's Type is
        // the status, its words the results.
        public int Call(int type, string path, long word2, long length, Message* reply)
        {
            int pathLength = _grants.PutPath(path);
            if (pathLength < 0)
                return FileSystemStatus.PathTooLong;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                if (_fs.IsNone && !Connect())
                    return VfsStatus.NoDevice;
                *reply = default;
                reply->Type = type;
                reply->Word0 = _grants.FsPathGrant.Value;
                reply->Word1 = pathLength;
                reply->Word2 = word2;
                reply->Word3 = _grants.FsDataGrant.Value;
                reply->Word4 = length;
                int status = Ipc.SendRec(_fs, reply);
                if (status == Status.Ok)
                    return reply->Type;
                _fs = Endpoint.None;
                if (status != Status.DeadEndpoint)
                    return status;
            }
            return VfsStatus.NoDevice;
        }

        public int Call(int type, string path, Message* reply) => Call(type, path, 0, 0, reply);

        // Size and directory flag of path.
        public int Lookup(string path, out long size, out bool isDirectory)
        {
            Message reply;
            int status = Call(FileSystemRequest.Lookup, path, &reply);
            size = status == Status.Ok ? reply.Word0 : 0;
            isDirectory = status == Status.Ok && reply.Word1 == 1;
            return status;
        }

        // Lookup that also returns the path as the volume spells it (FS
        // writes it into the data buffer in the same round trip).
        public int Lookup(string path, out long size, out bool isDirectory, out string canonical)
        {
            Message reply;
            canonical = path;
            int status = Call(FileSystemRequest.Lookup, path, 0, FileSystemLimits.MaxPathLength, &reply);
            size = status == Status.Ok ? reply.Word0 : 0;
            isDirectory = status == Status.Ok && reply.Word1 == 1;
            long length = reply.Word3;
            if (status == Status.Ok && length > 0 && length <= FileSystemLimits.MaxPathLength)
            {
                byte[] data = Data;
                var chars = new char[length];
                for (int i = 0; i < length; i++)
                    chars[i] = (char)data[i];
                canonical = new string(chars);
            }
            return status;
        }

        public int Rename(string from, string to)
        {
            Message reply;
            return Call(FileSystemRequest.Rename, string.Concat(from, "\0", to), &reply);
        }

        private bool Connect()
        {
            _fs = Endpoints.Lookup("fs");
            if (_fs.IsNone)
                return false;
            _grants.SetFsGrantee(_fs);
            return true;
        }
    }
}
