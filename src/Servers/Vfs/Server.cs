using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Vfs.Core;
using Minix3.Cosmos.Servers.Vfs.Handlers;

namespace Minix3.Cosmos.Servers.Vfs
{
    // The server around the core: the process table, the pipes, the device
    // calls, FS, and the checks every handler shares (descriptors, a user's
    // path, lengths). A handler that throws (it should not) is answered with
    // FileSystemStatus.Failed instead of taking VFS down.
    internal sealed unsafe class Server : IUserMemory
    {
        // Dispatch's answer when the call was held back (answered later).
        public const int NoReply = PipeEngine.Suspended;

        private readonly byte[] _userPath = new byte[2 * FileSystemLimits.MaxPathLength + 1];

        public Server()
        {
            Grants = new GrantTable();
            Fs = new FileServer(Grants);
            Permissions = new FilePermissions(Fs);
            Pipes = new PipeEngine(this);
            Devices = new DeviceRequests(this);
            Polls = new PollEngine(this, Devices);
            Pipes.Changed = Polls.PipeChanged;
        }

        public GrantTable Grants { get; }
        public FileServer Fs { get; }
        public FilePermissions Permissions { get; }
        public PipeEngine Pipes { get; }
        public DeviceRequests Devices { get; }
        public PollEngine Polls { get; }
        public ProcessTable Processes { get; } = new ProcessTable();
        public DeviceTable DeviceTable { get; } = ImageDevices();

        public int Start() => Grants.Publish();

        // The standard devices, and the image's own from its "devices"
        // module (the build's Minix3Device items), if it has one.
        private static DeviceTable ImageDevices()
        {
            DeviceTable table = DeviceTable.Standard();
            byte[]? listed = BootModules.Read("devices");
            if (listed == null)
                return table;
            var chars = new char[listed.Length];
            for (int i = 0; i < listed.Length; i++)
                chars[i] = (char)listed[i];
            int skipped = table.AddListed(new string(chars));
            if (skipped > 0)
                Diagnostics.Print(string.Concat("vfs: ", skipped.ToString(), " malformed or repeated lines in the devices module skipped"));
            return table;
        }

        public int Dispatch(Message* request, Message* reply)
        {
            try
            {
                switch (request->Type)
                {
                    case VfsRequest.Open: return OpenHandler.Handle(this, request, reply);
                    case VfsRequest.Read: return TransferHandler.Read(this, request, reply);
                    case VfsRequest.Write: return TransferHandler.Write(this, request, reply);
                    case VfsRequest.Close: return DescriptorHandler.Close(this, request);
                    case VfsRequest.Seek: return SeekHandler.Handle(this, request, reply);
                    case VfsRequest.Stat: return StatHandler.Stat(this, request, reply);
                    case VfsRequest.FStat: return StatHandler.FStat(this, request, reply);
                    case VfsRequest.ReadDirectory: return ReadDirectoryHandler.Handle(this, request, reply);
                    case VfsRequest.MakeDirectory: return PathHandler.Simple(this, request, FileSystemRequest.MakeDirectory);
                    case VfsRequest.RemoveDirectory: return PathHandler.Simple(this, request, FileSystemRequest.RemoveDirectory);
                    case VfsRequest.Unlink: return PathHandler.Simple(this, request, FileSystemRequest.Unlink);
                    case VfsRequest.Rename: return PathHandler.Rename(this, request);
                    case VfsRequest.ChangeDirectory: return PathHandler.ChangeDirectory(this, request);
                    case VfsRequest.Sync: return PathHandler.Sync(this);
                    case VfsRequest.WorkingDirectory: return PathHandler.WorkingDirectory(this, request, reply);
                    case VfsRequest.Ioctl: return IoctlHandler.Handle(this, request);
                    case VfsRequest.Poll: return PollHandler.Handle(this, request, reply);
                    case VfsRequest.ChangeMode: return OwnerHandler.ChangeMode(this, request);
                    case VfsRequest.ChangeOwner: return OwnerHandler.ChangeOwner(this, request);
                    case VfsRequest.Dup: return DescriptorHandler.Dup(this, request, reply);
                    case VfsRequest.Dup2: return DescriptorHandler.Dup2(this, request, reply);
                    case VfsRequest.Pipe: return DescriptorHandler.Pipe(this, request, reply);
                    case VfsRequest.ProcessForked: return NoticeHandler.Forked(this, request);
                    case VfsRequest.ProcessExited: return NoticeHandler.Exited(this, request);
                    case PmSignalToVfs.Interrupt: return NoticeHandler.Interrupted(this, request);
                    default: return VfsStatus.UnknownRequest;
                }
            }
            catch (Exception e)
            {
                Diagnostics.Print(string.Concat("vfs: request ", request->Type.ToString(), " failed: ", e.Kind, ": ", e.Message));
                *reply = default;
                return FileSystemStatus.Failed;
            }
        }

        public ProcessFiles Caller(Message* request) => Processes.Get(request->Source);

        // Who sent the request, by the kernel's word.
        public static Core.Caller Who(Message* request) => FilePermissions.Identify(request->Source);

        // The open file a descriptor word names, or BadDescriptor.
        public int Descriptor(Message* request, long word, out OpenFile file)
        {
            file = Caller(request).Descriptors.Get(word)!;
            return file == null ? VfsStatus.BadDescriptor : Status.Ok;
        }

        // A transfer's length word: 0..MaxTransfer.
        public static int Length(long word, out int length)
        {
            length = 0;
            if (word < 0)
                return Status.BadArgument;
            if (word > VfsLimits.MaxTransfer)
                return Status.OutOfRange;
            length = (int)word;
            return Status.Ok;
        }

        // The caller's path (VfsPathRequest), resolved against its
        // working directory into an absolute, normalised path.
        public int UserPath(Message* request, out string absolute)
        {
            absolute = "";
            int status = CopyUserBytes(request, FileSystemLimits.MaxPathLength, out int length);
            if (status != Status.Ok)
                return status;
            for (int i = 0; i < length; i++)
            {
                if (_userPath[i] == 0)
                    return FileSystemStatus.InvalidName;
            }
            return PathNames.Resolve(Caller(request).WorkingDirectory, Text(0, length), out absolute);
        }

        // A rename's "from\0to", each side resolved.
        public int UserTwoPaths(Message* request, out string from, out string to)
        {
            from = to = "";
            int status = CopyUserBytes(request, _userPath.Length, out int length);
            if (status != Status.Ok)
                return status;
            int separator = -1;
            for (int i = 0; i < length; i++)
            {
                if (_userPath[i] != 0)
                    continue;
                if (separator >= 0)
                    return FileSystemStatus.InvalidName;
                separator = i;
            }
            if (separator < 0)
                return Status.BadArgument;
            string cwd = Caller(request).WorkingDirectory;
            status = PathNames.Resolve(cwd, Text(0, separator), out from);
            if (status != Status.Ok)
                return status;
            return PathNames.Resolve(cwd, Text(separator + 1, length - separator - 1), out to);
        }

        private int CopyUserBytes(Message* request, int limit, out int length)
        {
            length = 0;
            VfsPathRequest* named = VfsPathRequest.Of(request);
            if (named->PathLength == 0)
                return FileSystemStatus.NotFound;
            if (named->PathLength < 0)
                return Status.BadArgument;
            if (named->PathLength > limit)
                return FileSystemStatus.PathTooLong;
            length = (int)named->PathLength;
            return CopyFromUser(request->Source, named->PathGrant, 0, _userPath, length);
        }

        private string Text(int start, int length)
        {
            if (length <= 0)
                return "";
            char* chars = stackalloc char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)_userPath[start + i];
            return new string(chars, 0, length);
        }

        // IUserMemory: a grant word outside the id range is forged.
        public int CopyFromUser(int caller, long grant, int offset, byte[] buffer, int length)
        {
            if (grant < 0 || grant > int.MaxValue)
                return Status.BadGrant;
            if (length == 0)
                return Status.Ok;
            fixed (byte* bytes = buffer)
                return Lib.Sys.Grants.CopyFrom(new Endpoint(caller), new GrantId((int)grant), (ulong)offset, bytes, (ulong)length);
        }

        public int CopyToUser(int caller, long grant, int offset, byte[] buffer, int length)
        {
            if (grant < 0 || grant > int.MaxValue)
                return Status.BadGrant;
            if (length == 0)
                return Status.Ok;
            fixed (byte* bytes = buffer)
                return Lib.Sys.Grants.CopyTo(new Endpoint(caller), new GrantId((int)grant), (ulong)offset, bytes, (ulong)length);
        }

        // A held-back call's answer: the status and its first result (bytes
        // moved: VfsTransferReply, the layout every such call answers with).
        public void Reply(int caller, int status, long bytes)
        {
            Message reply = default;
            reply.Type = status;
            VfsTransferReply.Of(&reply)->Bytes = bytes;
            Ipc.SendAsync(new Endpoint(caller), &reply);
        }

        // Closes fd of the caller; a pipe end's peers are woken, and a
        // clone's driver told, when this was its last descriptor.
        public int CloseDescriptor(ProcessFiles process, long fd)
        {
            OpenFile? file = process.Descriptors.Remove(fd, out bool last);
            if (file == null)
                return VfsStatus.BadDescriptor;
            if (last)
                Released(file);
            return Status.Ok;
        }

        public void Released(OpenFile file)
        {
            Pipes.Released(file);
            Devices.Released(file);
        }

        // The kernel's alarm rang: the restart wait and held polls' timeouts.
        public void Ring()
        {
            AlarmClock.Rang();
            long now = Lib.Sys.Process.UptimeMs();
            Devices.Ring(now);
            long next = Polls.Expire(now);
            if (next >= 0)
                AlarmClock.Want(next);
        }
    }
}
