using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.FsClient
{
    // The client side of the file-system protocol: a path buffer granted to
    // fs read-only, a data buffer granted read-write, and one SendRec per
    // request (two for Read and Write: Open, then the transfer by handle).
    // Statuses come back as the reply's Type (FileSystemProtocol.cs).
    internal static unsafe class FileServer
    {
        public const int PathGrant = 0, DataGrant = 1;
        public const int PathBytes = 2 * FileSystemLimits.MaxPathLength + 2;
        public const int DataBytes = FileSystemLimits.MaxTransfer;

        private static readonly GrantEntry[] s_grants = new GrantEntry[2];
        private static readonly byte[] s_path = new byte[PathBytes];

        // The heap never moves objects, so the grants' addresses stay valid.
        public static readonly byte[] Data = new byte[DataBytes];

        public static Endpoint Fs;

        public static bool Connect()
        {
            Fs = Endpoints.Lookup("fs");
            if (Fs.IsNone)
                return false;
            fixed (GrantEntry* table = s_grants)
            fixed (byte* path = s_path)
            fixed (byte* data = Data)
            {
                table[PathGrant] = Entry(path, GrantFlags.Read, PathBytes);
                table[DataGrant] = Entry(data, GrantFlags.Read | GrantFlags.Write, DataBytes);
                return Grants.Publish(table, s_grants.Length) == Status.Ok;
            }
        }

        public static GrantId Grant(int index) => GrantId.From(index, 1);

        // Sends `type` with `path` in the path grant; the data words as given.
        public static int Call(int type, string path, long position, GrantId data, long length, Message* reply)
        {
            int pathLength = PutPath(path);
            return CallWithPathLength(type, Grant(PathGrant), pathLength, position, data, length, reply);
        }

        public static int Call(int type, string path, Message* reply) => Call(type, path, 0, Grant(DataGrant), 0, reply);

        // Read and Write go by handle: the path is opened first (its
        // failure is the answer), then the transfer names the handle.
        public static int CallWithPathLength(int type, GrantId pathGrant, long pathLength, long position, GrantId data, long length, Message* reply)
        {
            bool transfer = type == FileSystemRequest.Read || type == FileSystemRequest.Write;
            *reply = default;
            reply->Type = transfer ? FileSystemRequest.Open : type;
            FsPathRequest* named = FsPathRequest.Of(reply);
            named->PathGrant = pathGrant.Value;
            named->PathLength = pathLength;
            named->Position = position;
            named->DataGrant = data.Value;
            named->Length = length;
            int status = Ipc.SendRec(Fs, reply);
            if (status != Status.Ok || !transfer || reply->Type != Status.Ok)
                return status != Status.Ok ? status : reply->Type;
            long handle = FsNodeReply.Of(reply)->Handle;
            *reply = default;
            reply->Type = type;
            FsTransferRequest* asked = FsTransferRequest.Of(reply);
            asked->Handle = handle;
            asked->Position = position;
            asked->DataGrant = data.Value;
            asked->Length = length;
            status = Ipc.SendRec(Fs, reply);
            return status != Status.Ok ? status : reply->Type;
        }

        // A Read naming a handle as given.
        public static int ReadByHandle(long handle, GrantId data, long length, Message* reply)
        {
            *reply = default;
            reply->Type = FileSystemRequest.Read;
            FsTransferRequest* asked = FsTransferRequest.Of(reply);
            asked->Handle = handle;
            asked->DataGrant = data.Value;
            asked->Length = length;
            int status = Ipc.SendRec(Fs, reply);
            return status != Status.Ok ? status : reply->Type;
        }

        // "from\0to" in the path grant, as Rename wants it.
        public static int Rename(string from, string to)
        {
            int length = PutPath(string.Concat(from, "\0", to));
            Message reply;
            return CallWithPathLength(FileSystemRequest.Rename, Grant(PathGrant), length, 0, Grant(DataGrant), 0, &reply);
        }

        // Fills the path buffer with `length` bytes of 'a' after a slash.
        public static void PutLongPath(int length)
        {
            s_path[0] = (byte)'/';
            for (int i = 1; i < length && i < PathBytes; i++)
                s_path[i] = (byte)'a';
        }

        private static int PutPath(string path)
        {
            int length = path.Length < PathBytes ? path.Length : PathBytes;
            for (int i = 0; i < length; i++)
                s_path[i] = (byte)path[i];
            return length;
        }

        private static GrantEntry Entry(byte* buffer, uint rights, int length) =>
            new GrantEntry { Flags = GrantFlags.Valid | rights, Sequence = 1, Grantee = Fs.Value, Address = (ulong)buffer, Length = (ulong)length };
    }
}
