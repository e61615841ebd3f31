using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    public enum OpenFileKind { File, Directory, Device, DeviceDirectory, PipeRead, PipeWrite }

    // An open-file description (POSIX's term): what one Open or Pipe made.
    // Descriptors (in one process after Dup, or in a parent and child after
    // a fork) share it, and with it the position, so References counts the
    // descriptors naming it; the last one gone releases the pipe end.
    public sealed class OpenFile
    {
        public OpenFile(OpenFileKind kind, string path, bool canRead, bool canWrite)
        {
            Kind = kind;
            Path = path;
            CanRead = canRead;
            CanWrite = canWrite;
        }

        public OpenFileKind Kind { get; }
        public string Path { get; }          // absolute, normalised ("" for a pipe)
        public bool CanRead { get; }
        public bool CanWrite { get; }
        public bool Append { get; set; }
        public long Position { get; set; }   // a file's byte offset, a directory's next entry index
        public long FsHandle { get; set; }   // a file's handle from FS's Open (0: not opened there yet)
        public int References { get; private set; }
        public PipeBuffer? Pipe { get; set; }
        public DeviceEntry? Device { get; set; }
        // A cloning device's open file: the minor the driver's Open gave
        // (-1 until then, and for every other file).
        public int CloneMinor { get; set; } = -1;
        // The minor a device's calls name: the clone's own, else the entry's.
        public int Minor => CloneMinor >= 0 ? CloneMinor : Device != null ? Device.Minor : -1;

        // The clone minor its driver must now be told to close (the open
        // file lost its last descriptor), once: -1 afterwards and for
        // every other file.
        public int TakeCloneMinor()
        {
            if (Device == null || !Device.Clone || CloneMinor < 0 || References > 0)
                return -1;
            int minor = CloneMinor;
            CloneMinor = -1;
            return minor;
        }
        public DirectoryBatch? Batch { get; set; }  // a directory's entries read ahead from FS

        public bool IsPipe => Kind == OpenFileKind.PipeRead || Kind == OpenFileKind.PipeWrite;

        public static OpenFile ForPipe(PipeBuffer pipe, bool readEnd)
        {
            var file = new OpenFile(readEnd ? OpenFileKind.PipeRead : OpenFileKind.PipeWrite, "", readEnd, !readEnd);
            file.Pipe = pipe;
            if (readEnd)
                pipe.Readers++;
            else
                pipe.Writers++;
            return file;
        }

        public void AddReference() => References++;

        // True when this was the last descriptor: the description is gone,
        // and a pipe end stops counting as a reader or writer.
        public bool DropReference()
        {
            if (References <= 0)
                return false;
            References--;
            if (References > 0)
                return false;
            if (Pipe != null)
            {
                if (Kind == OpenFileKind.PipeRead)
                    Pipe.Readers--;
                else
                    Pipe.Writers--;
            }
            return true;
        }

        // A description that never got a descriptor (a pipe whose second
        // end found no free slot): its pipe end stops counting.
        public void DropUnused()
        {
            if (References != 0 || Pipe == null)
                return;
            References = -1;
            if (Kind == OpenFileKind.PipeRead)
                Pipe.Readers--;
            else
                Pipe.Writers--;
        }

        // The FileKind (VfsLimits.Kind*) Stat and FStat report.
        public int StatKind
        {
            get
            {
                switch (Kind)
                {
                    case OpenFileKind.File: return VfsLimits.KindFile;
                    case OpenFileKind.Device: return VfsLimits.KindCharDevice;
                    case OpenFileKind.PipeRead:
                    case OpenFileKind.PipeWrite: return VfsLimits.KindPipe;
                    default: return VfsLimits.KindDirectory;
                }
            }
        }
    }
}
