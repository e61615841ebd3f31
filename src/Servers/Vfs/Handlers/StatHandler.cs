using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Stat (a path) and FStat (Word0 fd) -> Word0 size, Word1 FileKind.
    // /dev and its devices are VFS's own (size 0); a pipe's size is the
    // bytes waiting in it.
    internal static unsafe class StatHandler
    {
        public static int Stat(Server server, Message* request, Message* reply)
        {
            int status = server.UserPath(request, out string path);
            if (status != Status.Ok)
                return status;
            if (DeviceTable.IsDirectory(path))
                return Answer(reply, 0, VfsLimits.KindDirectory);
            if (DeviceTable.IsInside(path))
                return server.DeviceTable.Find(path) == null ? FileSystemStatus.NotFound : Answer(reply, 0, VfsLimits.KindCharDevice);
            return FromFs(server, path, reply);
        }

        public static int FStat(Server server, Message* request, Message* reply)
        {
            int status = server.Descriptor(request, request->Word0, out OpenFile file);
            if (status != Status.Ok)
                return status;
            switch (file.Kind)
            {
                case OpenFileKind.File:
                case OpenFileKind.Directory:
                    return FromFs(server, file.Path, reply);
                case OpenFileKind.PipeRead:
                case OpenFileKind.PipeWrite:
                    return Answer(reply, file.Pipe!.Count, VfsLimits.KindPipe);
                default:
                    return Answer(reply, 0, file.StatKind);
            }
        }

        private static int FromFs(Server server, string path, Message* reply)
        {
            int status = server.Fs.Lookup(path, out long size, out bool isDirectory);
            if (status != Status.Ok)
                return status;
            return Answer(reply, size, isDirectory ? VfsLimits.KindDirectory : VfsLimits.KindFile);
        }

        private static int Answer(Message* reply, long size, int kind)
        {
            reply->Word0 = size;
            reply->Word1 = kind;
            return Status.Ok;
        }
    }
}
