using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Stat (a path) and FStat (VfsDescriptorRequest) -> VfsStatReply: size, FileKind,
    // mode, owner, group. /dev and its devices are VFS's own (size 0; the
    // terminals, null and zero for everyone, the rest root's); a pipe's
    // size is the bytes waiting in it and it belongs to whoever asks. A
    // path's directories must let the caller search them.
    internal static unsafe class StatHandler
    {
        public static int Stat(Server server, Message* request, Message* reply)
        {
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (DeviceTable.IsDirectory(path))
                return Answer(reply, 0, VfsLimits.KindDirectory, Root(PermissionTable.DefaultMode));
            if (DeviceTable.IsInside(path))
            {
                DeviceEntry? device = server.DeviceTable.Find(path);
                return device == null ? FileSystemStatus.NotFound : Answer(reply, 0, VfsLimits.KindCharDevice, DeviceOwner(path, device.Clone));
            }
            return FromFs(server, Server.Who(request), path, reply);
        }

        public static int FStat(Server server, Message* request, Message* reply)
        {
            int status = server.Descriptor(request, VfsDescriptorRequest.Of(request)->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            switch (file.Kind)
            {
                case OpenFileKind.File:
                case OpenFileKind.Directory:
                    return FromFs(server, null, file.Path, reply);
                case OpenFileKind.PipeRead:
                case OpenFileKind.PipeWrite:
                    Caller who = Server.Who(request);
                    return Answer(reply, file.Pipe!.Count, VfsLimits.KindPipe, new FileOwner(who.Uid, who.Gid, 0x180));   // 0600
                default:
                    return Answer(reply, 0, file.StatKind, file.Kind == OpenFileKind.Device ? DeviceOwner(file.Path, file.Device!.Clone) : Root(PermissionTable.DefaultMode));
            }
        }

        // An open descriptor (who == null) was checked when it was opened.
        private static int FromFs(Server server, Caller? who, string path, Message* reply)
        {
            int status = server.Fs.Lookup(path, out long size, out bool isDirectory, out string canonical);
            if (status != Status.Ok)
                return status;
            if (who != null && (status = server.Permissions.Traverse(who.Value, canonical)) != Status.Ok)
                return status;
            return Answer(reply, size, isDirectory ? VfsLimits.KindDirectory : VfsLimits.KindFile, server.Permissions.Of(canonical));
        }

        // Everyone reads and writes the terminals, null, zero and the
        // cloning devices (sockets: each open is the opener's own); the
        // other devices (a RAM disk, a driver's own) are root's alone.
        public static FileOwner DeviceOwner(string path, bool clone) =>
            Root(clone || path == "/dev/null" || path == "/dev/zero" || path == "/dev/console" || path == "/dev/tty00" ? 0x1B6 : 0x180);   // 0666 : 0600

        private static FileOwner Root(int mode) => new FileOwner(0, 0, mode);

        private static int Answer(Message* reply, long size, int kind, FileOwner owner)
        {
            VfsStatReply* answer = VfsStatReply.Of(reply);
            answer->Size = size;
            answer->Kind = kind;
            answer->Mode = owner.Mode;
            answer->Uid = owner.Uid;
            answer->Gid = owner.Gid;
            return Status.Ok;
        }
    }
}
