using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // Seek (VfsSeekRequest; whence 0 begin, 1 current, 2 end) ->
    // VfsTransferReply.Bytes the new position. Past the end is allowed (a later write
    // fills the gap with zeros); before the start is BadArgument. Pipes and
    // terminals have no position (NotSeekable); other devices do, but no
    // known end (whence 2 is NotSeekable for them; past a device's end,
    // its driver answers).
    internal static unsafe class SeekHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            VfsSeekRequest* asked = VfsSeekRequest.Of(request);
            int status = server.Descriptor(request, asked->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            bool device = file.Kind == OpenFileKind.Device && file.Device!.Seekable;
            if (file.Kind != OpenFileKind.File && !device)
                return VfsStatus.NotSeekable;
            if (device && asked->Whence == 2)
                return VfsStatus.NotSeekable;
            long offset = asked->Offset, origin;
            switch (asked->Whence)
            {
                case 0: origin = 0; break;
                case 1: origin = file.Position; break;
                case 2:
                    status = server.Fs.Lookup(file.Path, out origin, out bool _);
                    if (status != Status.Ok)
                        return status;
                    break;
                default: return Status.BadArgument;
            }
            if (offset > long.MaxValue - origin || origin + offset < 0)
                return Status.BadArgument;
            file.Position = origin + offset;
            VfsTransferReply.Of(reply)->Bytes = file.Position;
            return Status.Ok;
        }
    }
}
