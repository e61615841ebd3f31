using System;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Fs.Fat;
using Minix3.Cosmos.Servers.Fs.Handlers;

namespace Minix3.Cosmos.Servers.Fs
{
    // The server around the engine: the mounted volume (or why there is
    // none), which handler answers, and the checks every handler shares
    // (the path grant, the data grant, the open files' handles). A handler that throws (it should
    // not) is answered with FileSystemStatus.Failed instead of taking FS down.
    //
    // A volume that could not be mounted for want of a disk driver (none
    // answered: RS stopped it, or it did not come back in time) is mounted
    // when one runs: on DS's word that ata changed (DriverChanged) and at
    // each request, which may wait for a driver RS is restarting. Until
    // then requests fail at once: DriverDown while RS has stopped ata, an
    // I/O error otherwise. A volume that is not FAT32 stays unmounted
    // (NotMounted): no driver makes it mountable.
    internal sealed unsafe class Server
    {
        // One transfer's bytes between a client's grant and the engine.
        public readonly byte[] Data = new byte[FileSystemLimits.MaxTransfer];

        // A request's path bytes: a rename carries two paths and a NUL.
        private readonly byte[] _pathBytes = new byte[2 * FileSystemLimits.MaxPathLength + 1];

        public FatFileSystem? Volume { get; private set; }

        // The files Open gave handles to (a new instance number per FS run:
        // the clock's count when it started).
        public readonly OpenNodes Nodes = new OpenNodes(Lib.Sys.Process.TimeStampCounter() >> 8);

        // Read's copies to the client, straight from the disk's buffers.
        public readonly GrantSink Sink = new GrantSink();

        // The disk under the volume (ReadHandler tells it what to read ahead).
        public AtaBlockDevice? Device { get; private set; }

        // The root is the loader's rootfs module in FS's memory (LiveRoot).
        public bool Live { get; private set; }

        // The last mount failed because no driver answered; tried again.
        private bool _awaitingDriver;
        private string _lastMountLine = "";
        private string _lastDamage = "";

        // Mounts the ata disk at start, waiting (bounded) for a driver RS
        // is restarting; prints the outcome.
        public void Mount() => TryMount(patient: true);

        // DS says "ep.ata" or "down.ata" changed: a volume waiting for a
        // driver is mounted if one runs now (no waiting: the next change
        // tries again).
        public void DriverChanged()
        {
            if (Volume == null && _awaitingDriver)
                TryMount(patient: false);
        }

        private void TryMount(bool patient)
        {
            string line = "";
            if (Device == null)
                Device = AtaBlockDevice.Create(out line);
            if (Device == null)
            {
                line = string.Concat("fs: mount failed: ", line);
            }
            else
            {
                Device.Patient = patient;
                line = MountOn(Device);
                // The disk driver is down: the disk may be on the other bus.
                if (Volume == null && Device.DriverDown && AtaRestarts.SwitchToRunningPeer())
                {
                    Diagnostics.Print(line);
                    Device.ForgetMissing();
                    line = MountOn(Device);
                }
                Device.Patient = true;
                _awaitingDriver = Volume == null && Device.DriverMissing;
            }
            // No disk holds the root, but the loader handed one over: live mode.
            if (Volume == null && LiveRoot.Offered)
            {
                Diagnostics.Print(line);
                FatFileSystem? live = LiveRoot.Mount(out line);
                if (live != null)
                {
                    Volume = live;
                    Live = true;
                    _awaitingDriver = false;
                    Nodes.Clear();
                }
            }
            // A mount retried at every request and every restart of a
            // failing driver says why it failed once, not each time.
            if (line != _lastMountLine)
                Diagnostics.Print(line);
            _lastMountLine = line;
            if (Volume != null)
                new StateStore(AtaRestarts.FileServerLabel).SaveNumber(RsRootStatus.Name, Live ? (uint)RsRootStatus.Live : (uint)RsRootStatus.Disk);
        }

        // The line to print either way.
        private string MountOn(AtaBlockDevice device)
        {
            if (!device.Attach(out string why))
                return string.Concat("fs: mount failed: ", why, device.DriverMissing ? "; mounting when it comes back" : "");
            FsError error = FatFileSystem.Mount(device, out FatFileSystem? volume, out string message);
            if (device.DriverMissing)
                return string.Concat("fs: mount failed: ", device.MissingText, "; mounting when it comes back");
            if (error != FsError.None || volume == null)
                return string.Concat("fs: mount failed: ", message.Length > 0 ? message : ErrorName(error));
            Volume = volume;
            Nodes.Clear();
            long clusters = volume.FreeSpace(out long freeBytes) == FsError.None ? freeBytes / volume.ClusterSize : -1;
            return string.Concat("fs: mounted FAT32, ", clusters.ToString(), " free clusters", AtaRestarts.Label == AtaRestarts.SataLabel ? " (on ahci)" : "");
        }

        public int Dispatch(Message* request, Message* reply)
        {
            if (Volume == null && _awaitingDriver)
                TryMount(patient: true);
            if (Volume == null)
                return !_awaitingDriver ? FileSystemStatus.NotMounted
                    : Device!.DriverDown ? FileSystemStatus.DriverDown : FileSystemStatus.IoError;
            Device?.ForgetMissing();
            int status = Handle(request, reply);
            // The client sees EIO; the log says what is damaged, once per damage.
            if (status == FileSystemStatus.Corrupt && Volume != null && Volume.LastErrorMessage != _lastDamage)
            {
                _lastDamage = Volume.LastErrorMessage;
                Diagnostics.Print(string.Concat("fs: damaged volume: ", _lastDamage));
            }
            // The engine says I/O error; the reason is RS stopping the driver.
            return status == FileSystemStatus.IoError && !Live && Device != null && Device.DriverDown ? FileSystemStatus.DriverDown : status;
        }

        private int Handle(Message* request, Message* reply)
        {
            try
            {
                switch (request->Type)
                {
                    case FileSystemRequest.Lookup: return LookupHandler.Handle(this, request, reply);
                    case FileSystemRequest.Open: return LookupHandler.Open(this, request, reply);
                    case FileSystemRequest.Read: return ReadHandler.Handle(this, request, reply);
                    case FileSystemRequest.Write: return WriteHandler.Handle(this, request, reply);
                    case FileSystemRequest.Create: return CreateHandler.Handle(this, request);
                    case FileSystemRequest.MakeDirectory: return MakeDirectoryHandler.Handle(this, request);
                    case FileSystemRequest.Unlink: return UnlinkHandler.Handle(this, request);
                    case FileSystemRequest.RemoveDirectory: return RemoveDirectoryHandler.Handle(this, request);
                    case FileSystemRequest.Rename: return RenameHandler.Handle(this, request);
                    case FileSystemRequest.Truncate: return TruncateHandler.Handle(this, request);
                    case FileSystemRequest.ReadDirectory: return ReadDirectoryHandler.Handle(this, request, reply);
                    case FileSystemRequest.Sync: return SyncHandler.Handle(this);
                    case FileSystemRequest.FreeSpace: return FreeSpaceHandler.Handle(this, reply);
                    default: return FileSystemStatus.UnknownRequest;
                }
            }
            catch (Exception e)
            {
                Diagnostics.Print(string.Concat("fs: request ", request->Type.ToString(), " failed: ", e.Kind, ": ", e.Message));
                *reply = default;
                return FileSystemStatus.Failed;
            }
        }

        // Copies the path a request names (FsPathRequest) out of the
        // caller's grant. One path: at most MaxPathLength bytes, no NUL.
        public int ReadPath(Message* request, out string path)
        {
            path = "";
            int status = CopyPathBytes(request, FileSystemLimits.MaxPathLength, out int length);
            if (status != Status.Ok)
                return status;
            for (int i = 0; i < length; i++)
            {
                if (_pathBytes[i] == 0)
                    return FileSystemStatus.InvalidName;
            }
            path = Text(0, length);
            return Status.Ok;
        }

        // The regular file a request's path names, through the open-file
        // table (Truncate changes the very node Read and Write use).
        public int OpenFile(Message* request, out FatNode file)
        {
            file = null!;
            int status = ReadPath(request, out string path);
            return status != Status.Ok ? status : Nodes.Open(Volume!, path, out _, out file);
        }

        // A rename's "from\0to": exactly one NUL, neither side empty.
        public int ReadTwoPaths(Message* request, out string from, out string to)
        {
            from = to = "";
            int status = CopyPathBytes(request, _pathBytes.Length, out int length);
            if (status != Status.Ok)
                return status;
            int separator = -1;
            for (int i = 0; i < length; i++)
            {
                if (_pathBytes[i] != 0)
                    continue;
                if (separator >= 0)
                    return FileSystemStatus.InvalidName;
                separator = i;
            }
            if (separator <= 0 || separator == length - 1)
                return Status.BadArgument;
            if (separator > FileSystemLimits.MaxPathLength || length - separator - 1 > FileSystemLimits.MaxPathLength)
                return FileSystemStatus.PathTooLong;
            from = Text(0, separator);
            to = Text(separator + 1, length - separator - 1);
            return Status.Ok;
        }

        // A transfer's position and length (Read, Write, ReadDirectory):
        // position >= 0, 0 <= length <= MaxTransfer.
        public static int TransferArguments(long position, long length)
        {
            if (position < 0 || length < 0)
                return Status.BadArgument;
            return length > FileSystemLimits.MaxTransfer ? Status.OutOfRange : Status.Ok;
        }

        public int CopyToCaller(Message* request, long grant, int length)
        {
            if (grant < 0 || grant > int.MaxValue)
                return Status.BadGrant;
            fixed (byte* data = Data)
                return Grants.CopyTo(new Endpoint(request->Source), new GrantId((int)grant), 0, data, (ulong)length);
        }

        public int CopyFromCaller(Message* request, long grant, int length)
        {
            if (grant < 0 || grant > int.MaxValue)
                return Status.BadGrant;
            fixed (byte* data = Data)
                return Grants.CopyFrom(new Endpoint(request->Source), new GrantId((int)grant), 0, data, (ulong)length);
        }

        private int CopyPathBytes(Message* request, int limit, out int length)
        {
            length = 0;
            FsPathRequest* named = FsPathRequest.Of(request);
            if (named->PathLength <= 0)
                return Status.BadArgument;
            if (named->PathLength > limit)
                return FileSystemStatus.PathTooLong;
            length = (int)named->PathLength;
            fixed (byte* bytes = _pathBytes)
                return Grants.CopyFrom(new Endpoint(request->Source), new GrantId((int)named->PathGrant), 0, bytes, (ulong)length);
        }

        private string Text(int start, int length)
        {
            char* chars = stackalloc char[length];
            for (int i = 0; i < length; i++)
                chars[i] = (char)_pathBytes[start + i];
            return new string(chars, 0, length);
        }

        public static int StatusOf(FsError error) => FsStatuses.Of(error);

        private static string ErrorName(FsError error) => string.Concat("error ", ((int)error).ToString());
    }
}
