using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.TemplateNamespace
{
    // Minix3Template: a character driver. Reading minor 0 from position 0
    // counts a read and yields "templatelabel: read N\n", then end of file;
    // the count is kept in DS, so it survives a crash of the driver and a
    // live update. Clients send the driver protocol
    // (src/Lib/Ipc/DriverProtocol.cs); CharDriver owns the message loop,
    // the replies, heartbeat pings from RS and injected faults, and calls
    // the hooks below. It touches no device and may do only what
    // Minix3Template.policy lists.
    public sealed unsafe class Minix3TemplateDriver : CharDriver
    {
        // Saved in DS as "templatelabel.reads".
        private const string ReadsName = "reads";

        private uint _reads;

        public static int Main()
        {
            new Minix3TemplateDriver().Run();
            return 0;
        }

        // Naming the label turns on the start-up layer (the library asks DS
        // whether this is a fresh start, a restart or a live update) and
        // gives the driver a State store under that label. It must be the
        // policy's label and the AssemblyName.
        protected override string? Label => "templatelabel";

        // Runs once, before the first request. A successor takes the count
        // back; a fresh start begins at 0.
        protected override void Started(StartKind kind)
        {
            if (kind != StartKind.Fresh)
                State!.RestoreNumber(ReadsName, out _reads); // nothing saved yet: 0
            string how = kind == StartKind.Fresh ? "fresh start" : kind == StartKind.Restart ? "restarted" : "updated";
            Diagnostics.Print(string.Concat("templatelabel: ", how, ", reads ", _reads.ToString()));
        }

        // `service update templatelabel`: the count is saved at every change
        // already; a driver whose state lives only in memory saves it here.
        protected override void PrepareUpdate() => State!.SaveNumber(ReadsName, _reads);

        // Other hooks, each with a safe default in CharDriver: Open (minor 0
        // only), Close, Write (I/O error), Ioctl (not a typewriter),
        // Interrupt and Alarm (kernel notifications), Read with mayWait (a
        // read that waits for input: answer Suspend, then call
        // CompletePendingReads when data comes).
        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (position == 0)
            {
                // Saved before answering: a crash right after the reply
                // cannot make the successor repeat this number.
                _reads++;
                State!.SaveNumber(ReadsName, _reads);
            }
            string text = string.Concat("templatelabel: read ", _reads.ToString(), "\n");
            if (position >= text.Length)
                return 0;
            int count = text.Length - (int)position;
            if (count > buffer.Length)
                count = buffer.Length;
            byte* bytes = stackalloc byte[text.Length];
            for (int i = 0; i < count; i++)
                bytes[i] = (byte)text[(int)position + i];
            // Into the client's buffer through its grant: the only way a
            // driver reaches a client's memory.
            int status = buffer.CopyToClient(0, bytes, count);
            return status < 0 ? status : count;
        }
    }
}
