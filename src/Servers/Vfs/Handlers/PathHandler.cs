using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // The calls that name paths and pass straight to FS once resolved
    // (MakeDirectory, RemoveDirectory, Unlink, Rename), ChangeDirectory, and
    // Sync. /dev is VFS's own: nothing in it can be made, removed or renamed.
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

        public static int Sync(Server server)
        {
            Message reply;
            return server.Fs.Call(FileSystemRequest.Sync, "", &reply);
        }

        private static bool IsVfsOwn(string path) => path == "/" || DeviceTable.IsDirectory(path) || DeviceTable.IsInside(path);
    }
}
