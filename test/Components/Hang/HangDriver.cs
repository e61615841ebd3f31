using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Hang
{
    // A character driver at the highest priority its policy may have (3:
    // one below RS's), for the heartbeat test (test/Boot HeartbeatTests):
    // `fi hang` makes the driver library spin in an endless loop, which
    // neither crashes nor exits, so only RS's heartbeat can find it, and
    // only if the loop leaves RS the CPU. Reading minor 0 yields
    // HangPattern at every position, so its client (hangclient) can check
    // every byte it gets before and after the replacement. Says at start
    // which instance it is and at what priority it runs.
    public sealed unsafe class HangDriver : CharDriver
    {
        private const int MaxRead = 4096;

        public static int Main()
        {
            new HangDriver().Run();
            return 0;
        }

        protected override string? Label => "hang";

        protected override void Started(StartKind kind)
        {
            Diagnostics.Print(string.Concat("hang: instance ", Lifecycle.Instance.ToString(), kind == StartKind.Fresh ? " (fresh)" : " (restart)",
                " at priority ", OwnPriority().ToString()));
        }

        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (position < 0)
                return Status.BadArgument;
            int count = buffer.Length < MaxRead ? buffer.Length : MaxRead;
            byte* bytes = stackalloc byte[MaxRead];
            for (int i = 0; i < count; i++)
                bytes[i] = HangPattern.At(position + i);
            int status = buffer.CopyToClient(0, bytes, count);
            return status < 0 ? status : count;
        }

        // The scheduler's queue for this process, from the process table.
        private static int OwnPriority()
        {
            ProcessInfo* processes = stackalloc ProcessInfo[Endpoint.SlotCount];
            int count = Endpoints.ReadTable(processes);
            for (int i = 0; i < count; i++)
            {
                if (processes[i].LabelEquals("hang"))
                    return processes[i].Priority;
            }
            return -1;
        }
    }
}
