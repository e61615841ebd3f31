using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Servers.Fs.Fat;

namespace Minix3.Cosmos.Servers.Fs.Handlers
{
    // ReadDirectory (FsPathRequest): path, Position the first entry index
    // (counted from the reader's start; see FatFileSystem.ReadDirectory),
    // DataGrant (write rights), Length its room. Packs whole entries
    // (header, then the name; see FileSystemProtocol.cs) while they fit.
    // Reply FsDirectoryReply; OutOfRange if not even the next entry fits
    // (header plus a name of up to 255 always does in 263 bytes). Names are ASCII: any
    // other character shows as '?', since the protocol carries bytes.
    internal static unsafe class ReadDirectoryHandler
    {
        public static int Handle(Server server, Message* request, Message* reply)
        {
            FsPathRequest* asked = FsPathRequest.Of(request);
            int status = Server.TransferArguments(asked->Position, asked->Length);
            if (status != Status.Ok)
                return status;
            long first = asked->Position;
            int room = (int)asked->Length;
            status = server.ReadPath(request, out string path);
            if (status != Status.Ok)
                return status;
            // Only the entries that fit (and the first, which may not): the
            // engine parses each from the disk's sectors.
            var entries = new List<FatNode>();
            FsError error = server.Volume!.ReadDirectory(path, first, int.MaxValue, entries, out long total, room, FileSystemLimits.DirectoryEntryHeader);
            if (error != FsError.None)
                return Server.StatusOf(error);
            byte[] data = server.Data;
            int filled = 0, packed = 0;
            for (int i = 0; i < entries.Count; i++)
            {
                FatNode entry = entries[i];
                int nameLength = entry.Name.Length > 255 ? 255 : entry.Name.Length;
                int size = FileSystemLimits.DirectoryEntryHeader + nameLength;
                if (filled + size > room)
                    break;
                uint fileSize = (uint)entry.Size;
                data[filled] = (byte)fileSize;
                data[filled + 1] = (byte)(fileSize >> 8);
                data[filled + 2] = (byte)(fileSize >> 16);
                data[filled + 3] = (byte)(fileSize >> 24);
                data[filled + 4] = (byte)(entry.IsDirectory ? FileSystemLimits.DirectoryEntryIsDirectory : 0);
                data[filled + 5] = (byte)nameLength;
                data[filled + 6] = 0;
                data[filled + 7] = 0;
                for (int c = 0; c < nameLength; c++)
                {
                    char ch = entry.Name[c];
                    data[filled + FileSystemLimits.DirectoryEntryHeader + c] = ch < 128 ? (byte)ch : (byte)'?';
                }
                filled += size;
                packed++;
            }
            // Room for not even the next entry: say so rather than reply 0
            // entries, which a client looping on index would repeat forever.
            if (packed == 0 && entries.Count > 0)
                return Status.OutOfRange;
            // The reader continues from here even if the directory changes
            // before it asks again.
            if (packed > 0)
                server.Volume.DirectoryReadStopped(entries[packed - 1], first + packed);
            if (filled > 0)
            {
                status = server.CopyToCaller(request, asked->DataGrant, filled);
                if (status != Status.Ok)
                    return status;
            }
            FsDirectoryReply* done = FsDirectoryReply.Of(reply);
            done->Filled = filled;
            done->Packed = packed;
            done->Total = total;
            return Status.Ok;
        }
    }
}
