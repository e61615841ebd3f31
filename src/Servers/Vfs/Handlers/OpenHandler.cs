using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Open: path (Word0 grant, Word1 length), Word2 flags -> Word0 fd.
    // /dev and its devices are VFS's own; everything else is asked of FS
    // (Create makes a missing file, Exclusive refuses an existing one,
    // Truncate empties a file opened for writing). A directory opens only
    // for reading; a file does not open with the Directory flag.
    internal static unsafe class OpenHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            long flags = request->Word2;
            if ((flags & ~(long)VfsLimits.KnownFlags) != 0 || (flags & VfsLimits.AccessMask) == VfsLimits.AccessMask)
                return Status.BadArgument;
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            int access = (int)(flags & VfsLimits.AccessMask);
            bool read = access != VfsLimits.AccessWrite, write = access != VfsLimits.AccessRead;
            bool create = (flags & VfsLimits.Create) != 0, exclusive = (flags & VfsLimits.Exclusive) != 0;
            bool wantsDirectory = (flags & VfsLimits.Directory) != 0;

            OpenFile file;
            if (DeviceTable.IsDirectory(path) || path == "/")
            {
                if (write)
                    return FileSystemStatus.IsADirectory;
                if (create && exclusive)
                    return FileSystemStatus.Exists;
                file = new OpenFile(path == "/" ? OpenFileKind.Directory : OpenFileKind.DeviceDirectory, path, true, false);
            }
            else if (DeviceTable.IsInside(path))
            {
                DeviceEntry? device = server.DeviceTable.Find(path);
                if (device == null)
                    return create ? Status.NotAllowed : FileSystemStatus.NotFound;
                if (create && exclusive)
                    return FileSystemStatus.Exists;
                if (wantsDirectory)
                    return FileSystemStatus.NotADirectory;
                file = new OpenFile(OpenFileKind.Device, path, read, write);
                file.Device = device;
            }
            else
            {
                status = OpenOnFs(server, path, write, create, exclusive, wantsDirectory, (flags & VfsLimits.Truncate) != 0, out bool isDirectory);
                if (status != Status.Ok)
                    return status;
                file = new OpenFile(isDirectory ? OpenFileKind.Directory : OpenFileKind.File, path, read, write);
                file.Append = (flags & VfsLimits.Append) != 0;
            }
            int fd = server.Caller(request).Descriptors.Install(file);
            if (fd < 0)
                return fd;
            reply->Word0 = fd;
            return Status.Ok;
        }

        private static int OpenOnFs(Server server, string path, bool write, bool create, bool exclusive, bool wantsDirectory, bool truncate, out bool isDirectory)
        {
            int status = server.Fs.Lookup(path, out long size, out isDirectory);
            if (status == FileSystemStatus.NotFound && create && !wantsDirectory)
            {
                Message reply;
                status = server.Fs.Call(FileSystemRequest.Create, path, &reply);
                isDirectory = false;
                return status;
            }
            if (status != Status.Ok)
                return status;
            if (create && exclusive)
                return FileSystemStatus.Exists;
            if (isDirectory)
                return write ? FileSystemStatus.IsADirectory : Status.Ok;
            if (wantsDirectory)
                return FileSystemStatus.NotADirectory;
            if (truncate && write && size > 0)
            {
                Message reply;
                return server.Fs.Call(FileSystemRequest.Truncate, path, 0, 0, &reply);
            }
            return Status.Ok;
        }
    }
}
