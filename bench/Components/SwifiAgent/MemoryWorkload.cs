using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Bench.Components.SwifiAgent
{
    // The memory driver's three devices: a block written to /dev/null must
    // be taken whole, a block read from /dev/zero must be zeros, and a
    // block written to /dev/ram (at a place that moves each round, inside
    // its 64 KiB) must read back the same.
    public sealed class MemoryWorkload : Workload
    {
        private const int Block = 4096;
        private const int RamBlocks = 16;

        private readonly byte[] _out = new byte[Block];
        private readonly byte[] _in = new byte[Block];
        private long _rounds;

        public override string? Round(int trial, int round)
        {
            long round64 = _rounds++;
            for (int i = 0; i < Block; i++)
                _out[i] = DiskWorkload.Pattern((ulong)(round64 * Block + i));
            return Null() ?? Zero() ?? Ram(round64 % RamBlocks * Block);
        }

        private string? Null()
        {
            int fd = Files.Open("/dev/null", OpenFlags.Write);
            if (fd < 0)
                return Failed("null-open", fd);
            string? wrong = WriteAll(fd, _out, "null-write");
            Files.Close(fd);
            return wrong;
        }

        private string? Zero()
        {
            int fd = Files.Open("/dev/zero", OpenFlags.Read);
            if (fd < 0)
                return Failed("zero-open", fd);
            for (int i = 0; i < Block; i++)
                _in[i] = 0xA5;
            string? wrong = ReadAll(fd, _in, "zero-read");
            Files.Close(fd);
            if (wrong != null)
                return wrong;
            for (int i = 0; i < Block; i++)
                if (_in[i] != 0)
                    return "zero-byte@" + i.ToString();
            return null;
        }

        private string? Ram(long position)
        {
            int fd = Files.Open("/dev/ram", OpenFlags.ReadWrite);
            if (fd < 0)
                return Failed("ram-open", fd);
            string? wrong = Seek(fd, position) ?? WriteAll(fd, _out, "ram-write");
            for (int i = 0; i < Block; i++)
                _in[i] = 0;
            wrong ??= Seek(fd, position) ?? ReadAll(fd, _in, "ram-read");
            Files.Close(fd);
            if (wrong != null)
                return wrong;
            for (int i = 0; i < Block; i++)
                if (_in[i] != _out[i])
                    return "ram-byte@" + (position + i).ToString();
            return null;
        }

        private static string? Seek(int fd, long position)
        {
            long at = Files.Seek(fd, position, SeekOrigin.Begin);
            return at == position ? null : Failed("ram-seek", at);
        }
    }
}
