using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Open: path and flags (VfsPathRequest) -> VfsDescriptorReply.
    // /dev and its devices are VFS's own; everything else is asked of FS
    // (Create makes a missing file, Exclusive refuses an existing one,
    // Truncate empties a file opened for writing). A directory opens only
    // for reading; a file does not open with the Directory flag.
    internal static unsafe class OpenHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            long flags = VfsPathRequest.Of(request)->Flags;
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
                if (!AccessRules.Allows(Server.Who(request), StatHandler.DeviceOwner(path, device.Clone), (read ? AccessRules.Read : 0) | (write ? AccessRules.Write : 0), false))
                    return FileSystemStatus.AccessDenied;
                if (create && exclusive)
                    return FileSystemStatus.Exists;
                if (wantsDirectory)
                    return FileSystemStatus.NotADirectory;
                file = new OpenFile(OpenFileKind.Device, path, read, write);
                file.Device = device;
                // A clone's descriptor comes when the driver gives its minor.
                if (device.Clone)
                    return server.Devices.StartOpen(request->Source, file);
            }
            else
            {
                status = OpenOnFs(server, Server.Who(request), path, read, write, create, exclusive, wantsDirectory, (flags & VfsLimits.Truncate) != 0, out bool isDirectory);
                if (status != Status.Ok)
                    return status;
                file = new OpenFile(isDirectory ? OpenFileKind.Directory : OpenFileKind.File, path, read, write);
                file.Append = (flags & VfsLimits.Append) != 0;
            }
            int fd = server.Caller(request).Descriptors.Install(file);
            if (fd < 0)
                return fd;
            VfsDescriptorReply.Of(reply)->Descriptor = fd;
            return Status.Ok;
        }

        // The caller needs search on the directories above, read and write
        // as it opens the file, and to create one, write on its directory
        // (the new file is then its own).
        private static int OpenOnFs(Server server, Caller who, string path, bool read, bool write, bool create, bool exclusive, bool wantsDirectory, bool truncate, out bool isDirectory)
        {
            int status = server.Fs.Lookup(path, out long size, out isDirectory, out string canonical);
            if (status == FileSystemStatus.NotFound && create && !wantsDirectory)
            {
                isDirectory = false;
                status = server.Fs.Lookup(PathNames.Parent(path), out long _, out bool _, out string directory);
                if (status != Status.Ok)
                    return status;
                if ((status = server.Permissions.CheckEntryChange(who, directory, null)) != Status.Ok)
                    return status;
                Message reply;
                status = server.Fs.Call(FileSystemRequest.Create, path, &reply);
                if (status == Status.Ok)
                    server.Permissions.Created(who, PathNames.Join(directory, PathNames.Name(path)));
                return status;
            }
            if (status != Status.Ok)
                return status;
            if (create && exclusive)
                return FileSystemStatus.Exists;
            if (isDirectory)
                return write ? FileSystemStatus.IsADirectory : server.Permissions.Check(who, canonical, AccessRules.Read, true);
            if (wantsDirectory)
                return FileSystemStatus.NotADirectory;
            status = server.Permissions.Check(who, canonical, (read ? AccessRules.Read : 0) | (write ? AccessRules.Write : 0), false);
            if (status != Status.Ok)
                return status;
            if (truncate && write && size > 0)
            {
                Message reply;
                return server.Fs.Call(FileSystemRequest.Truncate, path, 0, 0, &reply);
            }
            return Status.Ok;
        }
    }
}
