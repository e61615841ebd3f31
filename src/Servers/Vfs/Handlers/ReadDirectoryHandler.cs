using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Vfs.Core;

namespace Minix3.Cosmos.Servers.Vfs.Handlers
{
    // ReadDirectory (VfsReadDirectoryRequest: a directory's fd, the user's
    // name grant with write rights, its room) -> VfsDirectoryEntryReply:
    // Found 1 and the next entry (the name in the grant), or Found 0 at
    // the end. The open file's position is the
    // index of the next entry (FS continues a reader from where it
    // stopped even if entries before it come or go); a room too small for
    // the name is OutOfRange and does not advance. The root lists "dev" after FS's entries. FS is
    // asked for as many entries as fit in BatchRoom, kept with the open
    // file until taken (DirectoryBatch).
    internal static unsafe class ReadDirectoryHandler
    {
        private const long AfterDev = long.MaxValue;

        // What one request to FS may fill: a few dozen entries of short
        // names; always room for one of the longest.
        private const int BatchRoom = 4096;

        public static int Handle(Server server, Message* request, Message* reply)
        {
            VfsReadDirectoryRequest* asked = VfsReadDirectoryRequest.Of(request);
            int status = server.Descriptor(request, asked->Descriptor, out OpenFile file);
            if (status != Status.Ok)
                return status;
            if (asked->Room < 0)
                return Status.BadArgument;
            long room = asked->Room;
            if (file.Kind == OpenFileKind.DeviceDirectory)
            {
                if (file.Position >= server.DeviceTable.Count)
                    return Status.Ok;
                DeviceEntry device = server.DeviceTable[(int)file.Position];
                return Entry(server, request, reply, file, device.Name, 0, false, room);
            }
            if (file.Kind != OpenFileKind.Directory)
                return VfsStatus.NotDirectory;
            DirectoryBatch? batch = file.Batch;
            if (batch == null || batch.Left == 0 || batch.Next != file.Position)
            {
                Message fs;
                status = server.Fs.Call(FileSystemRequest.ReadDirectory, file.Path, file.Position, BatchRoom, &fs);
                if (status != Status.Ok)
                    return status;
                FsDirectoryReply* listed = FsDirectoryReply.Of(&fs);
                if (listed->Packed == 0)
                {
                    file.Batch = null;
                    // FS's entries are done; the root also holds /dev. FS's
                    // indexes count from the reader's start, so an entry
                    // removed meanwhile leaves the position past FS's total:
                    // the position after /dev is a mark of its own.
                    if (file.Path == "/" && file.Position != AfterDev)
                    {
                        int dev = Entry(server, request, reply, file, "dev", 0, true, room);
                        if (dev == Status.Ok)
                            file.Position = AfterDev;
                        return dev;
                    }
                    return Status.Ok;
                }
                byte[] packed = new byte[listed->Filled];
                System.Array.Copy(server.Fs.Data, 0, packed, 0, packed.Length);
                batch = file.Batch = new DirectoryBatch(packed, (int)listed->Packed, file.Position);
            }
            byte[] data = batch.Bytes;
            int at = batch.Offset;
            long size = (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));
            bool isDirectory = (data[at + 4] & FileSystemLimits.DirectoryEntryIsDirectory) != 0;
            int nameLength = data[at + 5];
            char[] chars = new char[nameLength];
            for (int i = 0; i < nameLength; i++)
                chars[i] = (char)data[at + FileSystemLimits.DirectoryEntryHeader + i];
            status = Entry(server, request, reply, file, new string(chars), size, isDirectory, room);
            if (status == Status.Ok)
            {
                batch.Offset = at + FileSystemLimits.DirectoryEntryHeader + nameLength;
                batch.Left--;
                batch.Next = file.Position;
            }
            return status;
        }

        private static int Entry(Server server, Message* request, Message* reply, OpenFile file, string name, long size, bool isDirectory, long room)
        {
            if (name.Length > room)
                return Status.OutOfRange;
            byte[] bytes = new byte[name.Length];
            for (int i = 0; i < name.Length; i++)
                bytes[i] = (byte)name[i];
            int status = server.CopyToUser(request->Source, VfsReadDirectoryRequest.Of(request)->Grant, 0, bytes, bytes.Length);
            if (status != Status.Ok)
                return status;
            file.Position++;
            VfsDirectoryEntryReply* entry = VfsDirectoryEntryReply.Of(reply);
            entry->Found = 1;
            entry->Size = size;
            entry->IsDirectory = isDirectory ? 1 : 0;
            entry->NameLength = name.Length;
            return Status.Ok;
        }
    }
}
