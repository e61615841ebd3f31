using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // The calls that name paths and pass straight to FS once resolved
    // (MakeDirectory, RemoveDirectory, Unlink, Rename), ChangeDirectory,
    // WorkingDirectory and Sync. /dev is VFS's own: nothing in it can be made, removed or renamed.
    internal static unsafe class PathHandler
    {
        public static int Simple(Server server, Message* request, int fsRequest)
        {
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (IsVfsOwn(path))
                return Status.NotAllowed;
            Message reply;
            return server.Fs.Call(fsRequest, path, &reply);
        }

        public static int Rename(Server server, Message* request)
        {
            int status = server.UserTwoPaths(request, out string from, out string to);
            if (status != Status.Ok)
                return status;
            if (IsVfsOwn(from) || IsVfsOwn(to))
                return Status.NotAllowed;
            return server.Fs.Rename(from, to);
        }

        public static int ChangeDirectory(Server server, Message* request)
        {
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (DeviceTable.IsInside(path))
                return server.DeviceTable.Find(path) == null ? FileSystemStatus.NotFound : FileSystemStatus.NotADirectory;
            if (!DeviceTable.IsDirectory(path))
            {
                status = server.Fs.Lookup(path, out long _, out bool isDirectory);
                if (status != Status.Ok)
                    return status;
                if (!isDirectory)
                    return FileSystemStatus.NotADirectory;
            }
            server.Caller(request).WorkingDirectory = path;
            return Status.Ok;
        }

        // VfsWorkingDirectoryRequest -> VfsLengthReply: the caller's
        // working directory into its grant.
        public static int WorkingDirectory(Server server, Message* request, Message* reply)
        {
            VfsWorkingDirectoryRequest* asked = VfsWorkingDirectoryRequest.Of(request);
            string path = server.Caller(request).WorkingDirectory;
            if (asked->Room < 0)
                return Status.BadArgument;
            if (asked->Room < path.Length)
                return Status.OutOfRange;
            byte[] bytes = new byte[path.Length];
            for (int i = 0; i < path.Length; i++)
                bytes[i] = (byte)path[i];
            int status = server.CopyToUser(request->Source, asked->Grant, 0, bytes, bytes.Length);
            if (status != Status.Ok)
                return status;
            VfsLengthReply.Of(reply)->Length = path.Length;
            return Status.Ok;
        }

        public static int Sync(Server server)
        {
            Message reply;
            return server.Fs.Call(FileSystemRequest.Sync, "", &reply);
        }

        private static bool IsVfsOwn(string path) => path == "/" || DeviceTable.IsDirectory(path) || DeviceTable.IsInside(path);
    }
}
