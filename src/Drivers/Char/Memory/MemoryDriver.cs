using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Char.Memory
{
    // The memory devices (MINIX's memory driver, the parts that need no
    // hardware): minor 0 is /dev/null (reads end at once, writes vanish),
    // minor 1 is /dev/zero (reads give zeros, writes vanish), minor 2 is
    // /dev/ram, a RAM disk of RamBytes read and written at the request's
    // position (reads end at its end; a write there fails with NoSpace).
    // The RAM disk's bytes survive a crash of this driver: each write is
    // copied to DS before it is answered, and a restarted instance takes
    // them back before serving (RamBackup). Clients send the driver
    // protocol; data goes through their grants.
    public sealed unsafe class MemoryDriver : CharDriver
    {
        private const int Null = 0;
        private const int Zero = 1;
        private const int Ram = 2;
        private const int Chunk = 512;
        public const int RamBytes = 64 * 1024;

        // Allocated once; the heap never moves it (RamBackup grants DS its blocks).
        private readonly byte[] _ram = new byte[RamBytes];
        private RamBackup? _backup;

        public static int Main()
        {
            new MemoryDriver().Run();
            return 0;
        }

        // The start-up layer tells a restart from a fresh start (the label
        // owns the backup's DS entries).
        protected override string? Label => "memory";

        protected override void Started(StartKind kind)
        {
            _backup = RamBackup.Open(State!, _ram);
            if (_backup == null || kind == StartKind.Fresh)
                return;
            int blocks = _backup.Restore();
            Diagnostics.Print(string.Concat("memory: /dev/ram taken back from ds (", blocks.ToString(), " blocks)"));
        }

        protected override int Open(int minor, int access) => minor >= Null && minor <= Ram ? Status.Ok : DriverStatus.NoSuchDevice;

        // Select: reads and writes never wait here.
        protected override int Ready(int minor) =>
            minor >= Null && minor <= Ram ? SelectEvents.Readable | SelectEvents.Writable : DriverStatus.NoSuchDevice;

        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor == Null)
                return 0;
            if (minor == Ram)
                return ReadRam(position, buffer);
            if (minor != Zero)
                return DriverStatus.NoSuchDevice;
            byte* zeros = stackalloc byte[Chunk];
            for (int i = 0; i < Chunk; i++)
                zeros[i] = 0;
            for (int done = 0; done < buffer.Length; done += Chunk)
            {
                int count = buffer.Length - done < Chunk ? buffer.Length - done : Chunk;
                int status = buffer.CopyToClient(done, zeros, count);
                if (status < 0)
                    return status;
            }
            return buffer.Length;
        }

        protected override int Write(int minor, long position, GrantedBuffer buffer)
        {
            if (minor == Ram)
                return WriteRam(position, buffer);
            return minor == Null || minor == Zero ? buffer.Length : DriverStatus.NoSuchDevice;
        }

        private int ReadRam(long position, GrantedBuffer buffer)
        {
            int count = Span(position, buffer.Length);
            if (count <= 0)
                return 0;
            fixed (byte* ram = _ram)
            {
                int status = buffer.CopyToClient(0, ram + position, count);
                return status < 0 ? status : count;
            }
        }

        // The copy to DS comes before the answer: a write answered is a
        // write that survives a crash. One that cannot be saved is an I/O
        // error (the bytes are in RAM, but would not outlive a restart).
        private int WriteRam(long position, GrantedBuffer buffer)
        {
            int count = Span(position, buffer.Length);
            if (count <= 0)
                return buffer.Length == 0 ? 0 : FileSystemStatus.NoSpace;
            fixed (byte* ram = _ram)
            {
                int status = buffer.CopyFromClient(0, ram + position, count);
                if (status < 0)
                    return status;
            }
            if (_backup != null && _backup.Save(position, count) != Status.Ok)
                return DriverStatus.IoError;
            return count;
        }

        // Bytes of a transfer of `length` at `position` inside the RAM disk.
        private static int Span(long position, int length)
        {
            if (position >= RamBytes)
                return 0;
            long room = RamBytes - position;
            return length < room ? length : (int)room;
        }
    }
}
