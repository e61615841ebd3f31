using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Drivers.Examples.Hello
{
    // Hello: the smallest useful character driver, and the template every
    // new driver starts from (MINIX's drivers/examples/hello). Reading minor
    // 0 from position 0 (each `cat /dev/hello`) counts a greeting and yields
    // "Hello, World! (N)\n", then end of file. The count is state kept in
    // DS: it survives a crash of the driver and a live update, so it shows
    // how a driver hands state to its successor. Clients send it the driver
    // protocol (src/Lib/Ipc/DriverProtocol.cs); it touches no device and
    // needs no privileges beyond replying and talking to DS (Hello.policy).
    public sealed unsafe class HelloDriver : CharDriver
    {
        // The name the count is saved under in DS (as "hello.count").
        private const string CountName = "count";

        private uint _count;

        public static int Main()
        {
            new HelloDriver().Run();
            return 0;
        }

        // Naming the label turns on the start-up layer (the library asks DS
        // whether this is a fresh start, a restart or a live update) and
        // gives the driver a State store under that label.
        protected override string? Label => "hello";

        // A successor takes the count back; a fresh start begins at 0.
        protected override void Started(StartKind kind)
        {
            if (kind != StartKind.Fresh)
                State!.RestoreNumber(CountName, out _count);  // nothing saved yet: 0
            Diagnostics.Print(kind == StartKind.Fresh ? "hello: fresh start"
                : string.Concat(kind == StartKind.Restart ? "hello: restarted" : "hello: updated", ", count ", _count.ToString()));
        }

        // The count is saved at every change already; a driver whose state
        // lives only in memory would save it here.
        protected override void PrepareUpdate() => State!.SaveNumber(CountName, _count);

        protected override int Read(int minor, long position, GrantedBuffer buffer)
        {
            if (minor != 0)
                return DriverStatus.NoSuchDevice;
            if (position == 0)
            {
                // Saved before answering: a crash right after the reply
                // cannot make the successor repeat this number.
                _count++;
                State!.SaveNumber(CountName, _count);
            }
            string greeting = string.Concat("Hello, World! (", _count.ToString(), ")\n");
            if (position >= greeting.Length)
                return 0;
            int count = greeting.Length - (int)position;
            if (count > buffer.Length)
                count = buffer.Length;
            byte* text = stackalloc byte[greeting.Length];
            for (int i = 0; i < count; i++)
                text[i] = (byte)greeting[(int)position + i];
            int status = buffer.CopyToClient(0, text, count);
            return status < 0 ? status : count;
        }
    }
}
