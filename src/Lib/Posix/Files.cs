using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Traps = Minix3.Cosmos.Lib.Sys.Ipc;

namespace Minix3.Cosmos.Lib.Posix
{
    // POSIX-like file calls, each one SendRec to VFS (VfsProtocol.cs).
    // Results: >= 0 success, < 0 a status (Status, FileSystemStatus,
    // DriverStatus, VfsStatus); ErrorText names it.
    //
    // The library owns the process's grant table: slot 0 grants VFS read
    // access to a path buffer, slot 1 is pointed at the caller's own span
    // for each transfer (no copy), with only the rights that call needs and
    // a new sequence number each time. Transfers longer than VFS takes at
    // once (MaxTransfer) are split; a short count ends the loop (end of
    // file, a pipe that took less).
    public static unsafe class Files
    {
        public const int StandardInput = 0, StandardOutput = 1, StandardError = 2;

        private const int PathSlot = 0, DataSlot = 1, ShareSlot = 2;
        private const int PathBytes = 2 * FileSystemLimits.MaxPathLength + 2;

        private static readonly GrantEntry[] s_grants = new GrantEntry[3];
        private static readonly byte[] s_path = new byte[PathBytes];
        private static readonly byte[] s_name = new byte[VfsLimits.MaxNameLength];
        private static Endpoint s_vfs = Endpoint.None;

        public static int Open(string path, OpenFlags flags)
        {
            Message m = default;
            m.Type = VfsRequest.Open;
            VfsPathRequest.Of(&m)->Flags = (long)flags;
            return PathCall(path, &m, out _);
        }

        // 0 = end of file.
        public static int Read(int fd, Span<byte> buffer) => Transfer(VfsRequest.Read, fd, buffer, GrantFlags.Write);

        // Bytes written. A pipe may take fewer than asked (what fits; a
        // full pipe waits until a reader makes room): callers loop. A write
        // to a pipe nobody reads any more raises SIGPIPE, whose default
        // action ends the process (its status 128 + 13); with SIGPIPE
        // ignored it returns BrokenPipe (EPIPE).
        public static int Write(int fd, ReadOnlySpan<byte> data)
        {
            int result;
            // The grant is read-only for VFS: the span is never written.
            fixed (byte* bytes = data)
                result = Transfer(VfsRequest.Write, fd, new Span<byte>(bytes, data.Length), GrantFlags.Read);
            if (result == VfsStatus.BrokenPipe)
                Processes.RaiseSignal(Signal.Pipe);
            return result;
        }

        public static int Close(int fd) => FdCall(VfsRequest.Close, fd, 0, out _);

        public static long Seek(int fd, long offset, SeekOrigin origin)
        {
            Message m = default;
            m.Type = VfsRequest.Seek;
            VfsSeekRequest* asked = VfsSeekRequest.Of(&m);
            asked->Descriptor = fd;
            asked->Offset = offset;
            asked->Whence = (long)origin;
            int status = Call(ref m);
            return status < 0 ? status : VfsTransferReply.Of(&m)->Bytes;
        }

        public static int Stat(string path, out FileStatus status)
        {
            Message m = default;
            m.Type = VfsRequest.Stat;
            int result = PathCall(path, &m, out Message reply);
            status = result < 0 ? default : StatusOf(&reply);
            return result < 0 ? result : 0;
        }

        private static FileStatus StatusOf(Message* reply)
        {
            VfsStatReply* stat = VfsStatReply.Of(reply);
            return new FileStatus { Size = stat->Size, Kind = (FileKind)stat->Kind, Mode = (int)stat->Mode, Uid = (int)stat->Uid, Gid = (int)stat->Gid };
        }

        // chmod(2): the mode bits (07777) of a file; its owner or root only.
        public static int ChangeMode(string path, int mode)
        {
            Message m = default;
            m.Type = VfsRequest.ChangeMode;
            VfsChangeModeRequest.Of(&m)->Mode = mode;
            int result = PathCall(path, &m, out _);
            return result < 0 ? result : 0;
        }

        // chown(2): owner and group; root only (an owner may set its own
        // group).
        public static int ChangeOwner(string path, int uid, int gid)
        {
            Message m = default;
            m.Type = VfsRequest.ChangeOwner;
            VfsChangeOwnerRequest* asked = VfsChangeOwnerRequest.Of(&m);
            asked->Uid = uid;
            asked->Gid = gid;
            int result = PathCall(path, &m, out _);
            return result < 0 ? result : 0;
        }

        public static int FStat(int fd, out FileStatus status)
        {
            int result = FdCall(VfsRequest.FStat, fd, 0, out Message reply);
            status = result < 0 ? default : StatusOf(&reply);
            return result < 0 ? result : 0;
        }

        // The next entry of a directory opened with Open(path, OpenFlags.Directory):
        // 1 and the entry, 0 at the end, < 0 an error.
        public static int ReadDirectory(int fd, out DirectoryEntry entry)
        {
            entry = default;
            Message m = default;
            int status;
            fixed (byte* name = s_name)
            {
                status = PointData(name, s_name.Length, GrantFlags.Write);
                if (status != Status.Ok)
                    return status;
                m.Type = VfsRequest.ReadDirectory;
                VfsReadDirectoryRequest* asked = VfsReadDirectoryRequest.Of(&m);
                asked->Descriptor = fd;
                asked->Grant = DataGrant.Value;
                asked->Room = s_name.Length;
                status = Call(ref m);
            }
            VfsDirectoryEntryReply* found = VfsDirectoryEntryReply.Of(&m);
            if (status < 0 || found->Found == 0)
                return status < 0 ? status : 0;
            int length = (int)found->NameLength;
            if (length < 0 || length > s_name.Length)
                return Status.OutOfRange;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)s_name[i];
            entry = new DirectoryEntry { Name = new string(chars), Size = found->Size, IsDirectory = found->IsDirectory == 1 };
            return 1;
        }

        public static int MakeDirectory(string path) => SimplePathCall(VfsRequest.MakeDirectory, path);
        public static int RemoveDirectory(string path) => SimplePathCall(VfsRequest.RemoveDirectory, path);
        public static int Unlink(string path) => SimplePathCall(VfsRequest.Unlink, path);
        public static int ChangeDirectory(string path) => SimplePathCall(VfsRequest.ChangeDirectory, path);

        public static int Rename(string from, string to)
        {
            if (from.Length + to.Length + 1 > PathBytes)
                return FileSystemStatus.PathTooLong;
            return SimplePathCall(VfsRequest.Rename, string.Concat(from, "\0", to));
        }

        // Lowest free descriptor.
        public static int Dup(int fd)
        {
            int status = FdCall(VfsRequest.Dup, fd, 0, out Message reply);
            return status < 0 ? status : (int)VfsDescriptorReply.Of(&reply)->Descriptor;
        }

        // Target closed first if open.
        public static int Dup2(int fd, int target)
        {
            int status = FdCall(VfsRequest.Dup2, fd, target, out Message reply);
            return status < 0 ? status : (int)VfsDescriptorReply.Of(&reply)->Descriptor;
        }

        public static int Pipe(out int readEnd, out int writeEnd)
        {
            readEnd = writeEnd = -1;
            Message m = default;
            m.Type = VfsRequest.Pipe;
            int status = Call(ref m);
            if (status < 0)
                return status;
            readEnd = (int)VfsDescriptorReply.Of(&m)->Descriptor;
            writeEnd = (int)VfsDescriptorReply.Of(&m)->WriteEnd;
            return 0;
        }

        // The working directory (absolute); < 0 a status.
        public static int GetWorkingDirectory(out string path)
        {
            path = "";
            byte[] room = new byte[PathBytes];
            Message m = default;
            int status;
            fixed (byte* bytes = room)
            {
                status = PointData(bytes, room.Length, GrantFlags.Write);
                if (status != Status.Ok)
                    return status;
                m.Type = VfsRequest.WorkingDirectory;
                VfsWorkingDirectoryRequest* request = VfsWorkingDirectoryRequest.Of(&m);
                request->Grant = DataGrant.Value;
                request->Room = room.Length;
                status = Call(ref m);
            }
            if (status < 0)
                return status;
            long length = VfsLengthReply.Of(&m)->Length;
            if (length < 0 || length > room.Length)
                return Status.OutOfRange;
            char[] chars = new char[length];
            for (int i = 0; i < chars.Length; i++)
                chars[i] = (char)room[i];
            path = new string(chars);
            return 0;
        }

        // A device's control request (TerminalIoctl's for a terminal):
        // argument is read by the driver and may be rewritten by it. The
        // driver's result (>= 0), or a status (NotATypewriter: not a device,
        // or a request it does not know).
        public static int Ioctl(int fd, long request, Span<byte> argument)
        {
            if (argument.Length > VfsLimits.MaxIoctlBytes)
                return Status.BadArgument;
            Message m = default;
            int status;
            fixed (byte* bytes = argument)
            {
                status = PointData(bytes, argument.Length, GrantFlags.Read | GrantFlags.Write);
                if (status != Status.Ok)
                    return status;
                m.Type = VfsRequest.Ioctl;
                VfsIoctlRequest* ioctl = VfsIoctlRequest.Of(&m);
                ioctl->Descriptor = fd;
                ioctl->Request = request;
                ioctl->Grant = DataGrant.Value;
                ioctl->Length = argument.Length;
                status = Call(ref m);
            }
            return status < 0 ? status : (int)VfsIoctlReply.Of(&m)->Result;
        }

        public static int Sync()
        {
            Message m = default;
            m.Type = VfsRequest.Sync;
            int status = Call(ref m);
            return status < 0 ? status : 0;
        }

        // One raw request to VFS (for tests and tools that need words the
        // calls above never send): the reply replaces m; the status is
        // returned (the reply's Type, or the SendRec's failure).
        public static int Call(ref Message m)
        {
            if (!Connect())
                return VfsStatus.NoDevice;
            Message copy = m;
            int status = Traps.SendRec(s_vfs, &copy);
            if (status == Status.DeadEndpoint && Reconnect())
            {
                copy = m;
                status = Traps.SendRec(s_vfs, &copy);
            }
            if (status != Status.Ok)
                return status;
            m = copy;
            Signals.AfterCall(request: 0, m.Type);
            return m.Type;
        }

        // The grant id the next path or data call uses (tests forge others).
        public static GrantId PathGrant => GrantId.From(PathSlot, s_grants[PathSlot].Sequence);
        public static GrantId DataGrant => GrantId.From(DataSlot, s_grants[DataSlot].Sequence);

        // "No such file or directory" etc. for any status these calls return.
        public static string ErrorText(int status)
        {
            switch (status)
            {
                case Status.Ok: return "Success";
                case Status.BadTrap: return "Bad system call";
                case Status.NotAllowed: return "Operation not permitted";
                case Status.DeadEndpoint: return "No such process";
                case Status.Deadlock: return "Resource deadlock avoided";
                case Status.BadAddress: return "Bad address";
                case Status.BadArgument: return "Invalid argument";
                case Status.WouldBlock: return "Resource temporarily unavailable";
                case Status.BadGrant: return "Bad grant (permission denied)";
                case Status.GrantRights: return "Permission denied";
                case Status.OutOfRange: return "Result too large";
                case Status.NoMemory: return "Cannot allocate memory";
                case Status.BadKernelCall: return "Function not implemented";
                case Status.Busy: return "Device or resource busy";
                case DriverStatus.NoSuchDevice: return "No such device or address";
                case DriverStatus.NotATypewriter: return "Inappropriate ioctl for device";
                case DriverStatus.IoError: return "Input/output error";
                case DriverStatus.ReadOnly: return "Read-only file system";
                case DriverStatus.BadRequest: return "Invalid request to device";
                case DriverStatus.Interrupted: return "Interrupted system call";
                case DriverStatus.NothingPending: return "No pending request";
                case FileSystemStatus.NotFound: return "No such file or directory";
                case FileSystemStatus.NotADirectory: return "Not a directory";
                case FileSystemStatus.IsADirectory: return "Is a directory";
                case FileSystemStatus.Exists: return "File exists";
                case FileSystemStatus.NotEmpty: return "Directory not empty";
                case FileSystemStatus.NoSpace: return "No space left on device";
                case FileSystemStatus.NameTooLong: return "File name too long";
                case FileSystemStatus.PathTooLong: return "File name too long";
                case FileSystemStatus.InvalidName: return "Invalid file name";
                case FileSystemStatus.Corrupt: return "Input/output error (damaged file system)";
                case FileSystemStatus.IoError: return "Input/output error";
                case FileSystemStatus.BadOffset: return "Invalid offset";
                case FileSystemStatus.FileTooLarge: return "File too large";
                case FileSystemStatus.Unsupported: return "Operation not supported";
                case FileSystemStatus.Busy: return "Device or resource busy";
                case FileSystemStatus.UnknownRequest: return "Function not implemented";
                case FileSystemStatus.NotMounted: return "No file system mounted";
                case FileSystemStatus.Failed: return "Input/output error (file server failure)";
                case FileSystemStatus.DriverDown: return "Input/output error (disk driver not running)";
                case FileSystemStatus.AccessDenied: return "Permission denied";
                case VfsStatus.BadDescriptor: return "Bad file descriptor";
                case VfsStatus.TooManyOpen: return "Too many open files";
                case VfsStatus.BrokenPipe: return "Broken pipe";
                case VfsStatus.NotReadable: return "Bad file descriptor (not open for reading)";
                case VfsStatus.NotWritable: return "Bad file descriptor (not open for writing)";
                case VfsStatus.NotSeekable: return "Illegal seek";
                case VfsStatus.NoDevice: return "No such device (server or driver not running)";
                case VfsStatus.UnknownRequest: return "Function not implemented";
                case VfsStatus.NotDirectory: return "Not a directory";
                case VfsStatus.Busy: return "Device or resource busy";
                default: return status >= 0 ? "Success" : string.Concat("Unknown error ", status.ToString());
            }
        }

        // Splits a transfer into MaxTransfer pieces through the data grant.
        // One Read with TransferFlags (a socket's recv flags: Addressed for
        // recvfrom, DontWait), never split: a datagram is one call. At most
        // VfsLimits.MaxTransfer bytes.
        public static int ReadWith(int fd, Span<byte> buffer, long flags) =>
            TransferOnce(VfsRequest.Read, fd, buffer, GrantFlags.Write, flags);

        // One Write with TransferFlags (send/sendto). Takes what fits; a
        // socket nobody reads any more gives BrokenPipe and SIGPIPE, as Write.
        public static int WriteWith(int fd, ReadOnlySpan<byte> data, long flags)
        {
            int result;
            fixed (byte* bytes = data)
                result = TransferOnce(VfsRequest.Write, fd, new Span<byte>(bytes, data.Length), GrantFlags.Read, flags);
            if (result == VfsStatus.BrokenPipe)
                Processes.RaiseSignal(Signal.Pipe);
            return result;
        }

        // poll(2): entries' Returned filled in; the number of entries with
        // any event, 0 when timeoutMs (-1: for ever) passed first, or a status.
        public static int Poll(Span<PollEntry> entries, int timeoutMs)
        {
            if (entries.Length == 0 || entries.Length > VfsLimits.MaxDescriptors)
                return Status.BadArgument;
            Message m = default;
            int status;
            fixed (PollEntry* records = entries)
            {
                status = PointData((byte*)records, entries.Length * sizeof(PollEntry), GrantFlags.Read | GrantFlags.Write);
                if (status != Status.Ok)
                    return status;
                m.Type = VfsRequest.Poll;
                VfsPollRequest* asked = VfsPollRequest.Of(&m);
                asked->Grant = DataGrant.Value;
                asked->Count = entries.Length;
                asked->TimeoutMs = timeoutMs;
                status = Call(ref m);
            }
            return status < 0 ? status : (int)VfsPollReply.Of(&m)->Ready;
        }

        private static int TransferOnce(int type, int fd, Span<byte> buffer, uint rights, long flags)
        {
            if (buffer.Length > VfsLimits.MaxTransfer)
                return Status.BadArgument;
            fixed (byte* bytes = buffer)
            {
                int status = PointData(bytes, buffer.Length, rights);
                if (status != Status.Ok)
                    return status;
                Message m = default;
                m.Type = type;
                VfsTransferRequest* asked = VfsTransferRequest.Of(&m);
                asked->Descriptor = fd;
                asked->Grant = DataGrant.Value;
                asked->Length = buffer.Length;
                asked->Flags = flags;
                status = Call(ref m);
                return status < 0 ? status : (int)VfsTransferReply.Of(&m)->Bytes;
            }
        }

        private static int Transfer(int type, int fd, Span<byte> buffer, uint rights)
        {
            int done = 0;
            fixed (byte* bytes = buffer)
            {
                do
                {
                    int chunk = buffer.Length - done < VfsLimits.MaxTransfer ? buffer.Length - done : VfsLimits.MaxTransfer;
                    int status = PointData(bytes + done, chunk, rights);
                    if (status != Status.Ok)
                        return done > 0 ? done : status;
                    Message m = default;
                    m.Type = type;
                    VfsTransferRequest* asked = VfsTransferRequest.Of(&m);
                    asked->Descriptor = fd;
                    asked->Grant = DataGrant.Value;
                    asked->Length = chunk;
                    status = Call(ref m);
                    if (status < 0)
                        return done > 0 ? done : status;
                    int moved = (int)VfsTransferReply.Of(&m)->Bytes;
                    done += moved;
                    if (moved < chunk)
                        break;
                }
                while (done < buffer.Length);
            }
            return done;
        }

        // A request on a descriptor (VfsDescriptorRequest; Dup2's target).
        private static int FdCall(int type, int fd, int target, out Message reply)
        {
            reply = default;
            reply.Type = type;
            fixed (Message* m = &reply)
            {
                VfsDescriptorRequest.Of(m)->Descriptor = fd;
                VfsDescriptorRequest.Of(m)->Target = target;
            }
            int status = Call(ref reply);
            return status < 0 ? status : 0;
        }

        private static int SimplePathCall(int type, string path)
        {
            Message m = default;
            m.Type = type;
            int status = PathCall(path, &m, out _);
            return status < 0 ? status : 0;
        }

        // Puts path in the path grant (VfsPathRequest) and calls; the
        // reply's first word (an fd for Open) or the status.
        private static int PathCall(string path, Message* m, out Message reply)
        {
            reply = default;
            if (path.Length > PathBytes)
                return FileSystemStatus.PathTooLong;
            if (!Connect())
                return VfsStatus.NoDevice;
            for (int i = 0; i < path.Length; i++)
                s_path[i] = path[i] < 128 ? (byte)path[i] : (byte)'?';
            VfsPathRequest.Of(m)->PathGrant = PathGrant.Value;
            VfsPathRequest.Of(m)->PathLength = path.Length;
            reply = *m;
            int status = Call(ref reply);
            fixed (Message* answered = &reply)
                return status < 0 ? status : (int)VfsDescriptorReply.Of(answered)->Descriptor;
        }

        // Points the data grant at [address, address + length) for VFS.
        private static int PointData(byte* address, int length, uint rights)
        {
            if (!Connect())
                return VfsStatus.NoDevice;
            ushort sequence = s_grants[DataSlot].Sequence;
            // A new sequence per transfer, wrapping before the ids turn
            // negative (after 32767 transfers every later one was refused).
            s_grants[DataSlot].Sequence = (ushort)(sequence >= GrantId.MaxPositiveSequence ? 2 : sequence + 1);
            s_grants[DataSlot].Address = (ulong)address;
            s_grants[DataSlot].Length = (ulong)length;
            s_grants[DataSlot].Flags = GrantFlags.Valid | rights;
            return Status.Ok;
        }

        // A read grant of [address, address + length) for another component
        // (the `service` command hands RS a program image or a script this
        // way). A process has one grant table, and this library owns it, so
        // the grant lives in it too: one at a time, each call revoking the
        // last. Invalid id (-1) when the table cannot be published.
        public static GrantId ShareForReading(Endpoint grantee, byte* address, int length)
        {
            if (!Connect())
                return new GrantId(-1);
            ushort sequence = GrantId.NextSequence(s_grants[ShareSlot].Sequence);
            s_grants[ShareSlot] = new GrantEntry
            {
                Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = sequence, Grantee = grantee.Value,
                Address = (ulong)address, Length = (ulong)length,
            };
            return GrantId.From(ShareSlot, sequence);
        }

        // Finds vfs and publishes the grant table once.
        private static bool Connect() => !s_vfs.IsNone || Reconnect();

        private static bool Reconnect()
        {
            s_vfs = Endpoints.Lookup("vfs");
            if (s_vfs.IsNone)
                return false;
            fixed (GrantEntry* table = s_grants)
            fixed (byte* path = s_path)
            {
                table[PathSlot] = new GrantEntry
                {
                    Flags = GrantFlags.Valid | GrantFlags.Read, Sequence = 1, Grantee = s_vfs.Value,
                    Address = (ulong)path, Length = PathBytes,
                };
                table[DataSlot].Grantee = s_vfs.Value;
                if (table[DataSlot].Sequence == 0)
                    table[DataSlot].Sequence = 1;
                if (Grants.Publish(table, s_grants.Length) != Status.Ok)
                {
                    s_vfs = Endpoint.None;
                    return false;
                }
            }
            return true;
        }
    }

    [Flags]
    public enum OpenFlags
    {
        Read = 0, Write = 1, ReadWrite = 2,
        Create = 0x40, Exclusive = 0x80, Truncate = 0x200, Append = 0x400,
        Directory = 0x10000,
    }

    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public enum FileKind { None = 0, File = 1, Directory = 2, CharDevice = 3, Pipe = 4 }

    public struct FileStatus
    {
        public long Size;
        public FileKind Kind;
        public int Mode;        // 07777: permissions, set-uid 04000, set-gid 02000, sticky 01000
        public int Uid, Gid;
    }

    public struct DirectoryEntry
    {
        public string Name;
        public long Size;
        public bool IsDirectory;
    }
}
