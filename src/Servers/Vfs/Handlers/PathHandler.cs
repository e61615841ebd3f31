using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // The calls that name paths and pass straight to FS once resolved
    // (MakeDirectory, RemoveDirectory, Unlink, Rename), ChangeDirectory,
    // WorkingDirectory and Sync. /dev is VFS's own: nothing in it can be made, removed or renamed.
    // Making or removing an entry takes write and search on its directory
    // (and, in a sticky one, owning the entry or the directory); the
    // permission table follows what FS did.
    internal static unsafe class PathHandler
    {
        public static int Simple(Server server, Message* request, int fsRequest)
        {
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (IsVfsOwn(path))
                return Status.NotAllowed;
            Core.Caller who = Server.Who(request);
            status = server.Fs.Lookup(PathNames.Parent(path), out long _, out bool _, out string directory);
            if (status != Status.Ok)
                return status;
            string? entry = null;
            if (fsRequest != FileSystemRequest.MakeDirectory)
            {
                status = server.Fs.Lookup(path, out long _, out bool _, out string existing);
                if (status != Status.Ok)
                    return status;
                entry = existing;
            }
            if ((status = server.Permissions.CheckEntryChange(who, directory, entry)) != Status.Ok)
                return status;
            Message reply;
            status = server.Fs.Call(fsRequest, path, &reply);
            if (status != Status.Ok)
                return status;
            if (entry != null)
                server.Permissions.Removed(entry);
            else
                server.Permissions.Created(who, PathNames.Join(directory, PathNames.Name(path)));
            return Status.Ok;
        }

        public static int Rename(Server server, Message* request)
        {
            int status = server.UserTwoPaths(request, out string from, out string to);
            if (status != Status.Ok)
                return status;
            if (IsVfsOwn(from) || IsVfsOwn(to))
                return Status.NotAllowed;
            Core.Caller who = Server.Who(request);
            status = server.Fs.Lookup(from, out long _, out bool _, out string source);
            if (status != Status.Ok)
                return status;
            if ((status = server.Permissions.CheckEntryChange(who, PathNames.Parent(source), source)) != Status.Ok)
                return status;
            status = server.Fs.Lookup(PathNames.Parent(to), out long _, out bool _, out string targetDirectory);
            if (status != Status.Ok)
                return status;
            string target = PathNames.Join(targetDirectory, PathNames.Name(to));
            string? replaced = server.Fs.Lookup(to, out long _, out bool _, out string existing) == Status.Ok ? existing : null;
            if ((status = server.Permissions.CheckEntryChange(who, targetDirectory, replaced)) != Status.Ok)
                return status;
            status = server.Fs.Rename(from, to);
            if (status == Status.Ok)
                server.Permissions.Renamed(source, replaced ?? target);
            return status;
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
                status = server.Fs.Lookup(path, out long _, out bool isDirectory, out string canonical);
                if (status != Status.Ok)
                    return status;
                if (!isDirectory)
                    return FileSystemStatus.NotADirectory;
                if ((status = server.Permissions.Check(Server.Who(request), canonical, AccessRules.Execute, true)) != Status.Ok)
                    return status;
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
