using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Drivers.Char.Memory
{
    // The memory devices (MINIX's memory driver, the parts that need no
    // hardware): minor 0 is /dev/null (reads end at once, writes vanish),
    // minor 1 is /dev/zero (reads give zeros, writes vanish). Clients send
    // the driver protocol; data goes through their grants.
    public sealed unsafe class MemoryDriver : CharDriver
    {
        private const int Null = 0;
        private const int Zero = 1;
        private const int Chunk = 512;

        public static int Main()
        {
            new MemoryDriver().Run();
            return 0;
        }

        protected override int Open(int minor, int access) => minor == Null || minor == Zero ? Status.Ok : DriverStatus.NoSuchDevice;

        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor == Null)
                return 0;
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

        protected override int Write(int minor, long position, GrantedBuffer buffer) =>
            minor == Null || minor == Zero ? buffer.Length : DriverStatus.NoSuchDevice;
    }
}
