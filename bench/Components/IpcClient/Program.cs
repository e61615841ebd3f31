using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Bench.Components.IpcClient
{
    // Measures, in time-stamp-counter units (guest instructions under QEMU
    // -icount shift=0): a SendRec round trip to ipcserver (request, the
    // server's receive and reply, both address-space switches) and a null
    // kernel call (Times, which does nothing but read the clock). Each is
    // the mean over Rounds, after a warm-up, with the cost of reading the
    // clock itself subtracted. Prints one line bench/ parses.
    public static unsafe class Program
    {
        private const int Rounds = 20000;

        private static long Clock()
        {
            Message message = default;
            Ipc.KernelCall(KernelCall.Times, &message);
            return TimesMessage.Of(&message)->TimeStamp;
        }

        public static int Main()
        {
            Endpoint server = Endpoints.Lookup("ipcserver");
            Message message = default;
            for (int i = 0; i < 100; i++)
                Ipc.SendRec(server, &message);

            long start = Clock();
            for (int i = 0; i < Rounds; i++)
                Clock();
            long nullCall = (Clock() - start) / (Rounds + 1);

            start = Clock();
            for (int i = 0; i < Rounds; i++)
            {
                if (Ipc.SendRec(server, &message) != Status.Ok)
                {
                    Diagnostics.Print("bench: FAIL round trip refused");
                    return 1;
                }
            }
            long roundTrip = (Clock() - start - nullCall) / Rounds;
            Diagnostics.Print(string.Concat("bench: ipc round trip ", roundTrip.ToString(), " tsc; null kernel call ", nullCall.ToString(), " tsc"));
            return 0;
        }
    }
}
