using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs
{
    // VFS as FS's client (FileSystemProtocol.cs). Path requests carry the
    // path in VFS's path buffer, granted to fs read-only, and get results
    // back in VFS's data buffer. Files are read and written by the handle
    // FS gave at Open (kept in the open file); the user's buffer is handed
    // on to fs through an indirect grant, so the bytes go between fs and
    // the user without passing through VFS. FS answers promptly, so these
    // are SendRecs. FS is found by label, and again when its endpoint turns
    // out dead (a restart); a handle FS no longer knows (its restart, or it
    // kept too many) is replaced by opening the file's path again.
    internal sealed unsafe class FileServer
    {
        private readonly GrantTable _grants;
        private Endpoint _fs = Endpoint.None;

        public FileServer(GrantTable grants) => _grants = grants;

        // VFS's own transfers (the permission table) and the directory
        // listing buffer: at most MaxTransfer bytes.
        public byte[] Data => _grants.FsData;

        // A request naming `path`; Position and Length as given, the data
        // grant VFS's data buffer. The reply's Type is the status, its
        // payload the results.
        public int Call(int type, string path, long position, long length, Message* reply)
        {
            int pathLength = _grants.PutPath(path);
            if (pathLength < 0)
                return FileSystemStatus.PathTooLong;
            *reply = default;
            FsPathRequest* named = FsPathRequest.Of(reply);
            named->PathLength = pathLength;
            named->Position = position;
            named->Length = length;
            return Send(type, reply, setGrants: true, tries: 2);
        }

        public int Call(int type, string path, Message* reply) => Call(type, path, 0, 0, reply);

        // Sends the request in *message (the grants filled in per attempt
        // when it is a path request: they name the fs found), again to a
        // successor if fs died, at most `tries` times in all.
        private int Send(int type, Message* message, bool setGrants, int tries)
        {
            Message request = *message;
            for (int attempt = 0; attempt < tries; attempt++)
            {
                if (_fs.IsNone && !Connect())
                    return VfsStatus.NoDevice;
                *message = request;
                message->Type = type;
                if (setGrants)
                {
                    FsPathRequest.Of(message)->PathGrant = _grants.FsPathGrant.Value;
                    FsPathRequest.Of(message)->DataGrant = _grants.FsDataGrant.Value;
                }
                int status = Ipc.SendRec(_fs, message);
                if (status == Status.Ok)
                    return message->Type;
                _fs = Endpoint.None;
                if (status != Status.DeadEndpoint)
                    return status;
            }
            return VfsStatus.NoDevice;
        }

        // Size and directory flag of path.
        public int Lookup(string path, out long size, out bool isDirectory)
        {
            Message reply;
            int status = Call(FileSystemRequest.Lookup, path, &reply);
            size = status == Status.Ok ? FsNodeReply.Of(&reply)->Size : 0;
            isDirectory = status == Status.Ok && FsNodeReply.Of(&reply)->IsDirectory == 1;
            return status;
        }

        // Lookup that also returns the path as the volume spells it (FS
        // writes it into the data buffer in the same round trip).
        public int Lookup(string path, out long size, out bool isDirectory, out string canonical)
        {
            Message reply;
            canonical = path;
            int status = Call(FileSystemRequest.Lookup, path, 0, FileSystemLimits.MaxPathLength, &reply);
            FsNodeReply* found = FsNodeReply.Of(&reply);
            size = status == Status.Ok ? found->Size : 0;
            isDirectory = status == Status.Ok && found->IsDirectory == 1;
            long length = found->CanonicalLength;
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

        // Read or Write of an open file through the user's grant, handed on
        // to fs: at file.Position (or its end, for an append), at most
        // length bytes. The reply is FsTransferReply.
        public int Transfer(int type, OpenFile file, int user, long userGrant, int length, Message* reply)
        {
            if (userGrant < 0 || userGrant > int.MaxValue)
                return Status.BadGrant;
            uint right = type == FileSystemRequest.Read ? GrantFlags.Write : GrantFlags.Read;
            long flags = type == FileSystemRequest.Write && file.Append ? FsTransferFlags.Append : 0;
            int status = Status.Ok;
            // The second try follows a handle gone stale (fs restarted, or
            // let the file go) or an fs that died: the path is opened
            // again, and the grant handed on to the fs that answers.
            for (int attempt = 0; attempt < 2; attempt++)
            {
                if (file.FsHandle == 0)
                {
                    status = Open(file.Path, out long handle);
                    if (status != Status.Ok)
                        return status;
                    file.FsHandle = handle;
                }
                *reply = default;
                FsTransferRequest* asked = FsTransferRequest.Of(reply);
                asked->Handle = file.FsHandle;
                asked->Flags = flags;
                asked->Position = file.Position;
                asked->Length = length;
                // The grant names the fs of this attempt (Connect may find
                // a new one).
                if (_fs.IsNone && !Connect())
                    return VfsStatus.NoDevice;
                asked->DataGrant = _grants.HandOn(_fs, user, (int)userGrant, length, right).Value;
                status = Send(type, reply, setGrants: false, tries: 1);
                _grants.HandBack();
                if (status != FileSystemStatus.StaleHandle && status != VfsStatus.NoDevice)
                    return status;
                file.FsHandle = 0;
            }
            return status;
        }

        // VFS's own read or write of a whole small file (the permission
        // table) through its data buffer.
        public int TransferOwn(int type, string path, int length, Message* reply)
        {
            int status = Status.Ok;
            for (int attempt = 0; attempt < 2; attempt++)
            {
                status = Open(path, out long handle);
                if (status != Status.Ok)
                    return status;
                *reply = default;
                FsTransferRequest* asked = FsTransferRequest.Of(reply);
                asked->Handle = handle;
                asked->Length = length;
                asked->DataGrant = _grants.FsDataGrant.Value;
                status = Send(type, reply, setGrants: false, tries: 1);
                if (status != FileSystemStatus.StaleHandle && status != VfsStatus.NoDevice)
                    return status;
            }
            return status;
        }

        private int Open(string path, out long handle)
        {
            Message reply;
            int status = Call(FileSystemRequest.Open, path, &reply);
            handle = status == Status.Ok ? FsNodeReply.Of(&reply)->Handle : 0;
            return status;
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
