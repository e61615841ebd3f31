using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Fuzzer
{
    // Issues Operations random traps and kernel calls with random arguments:
    // random endpoints, random trap and call numbers, message words that are
    // random numbers or pointers into its own memory, the kernel, unmapped
    // space or non-canonical addresses. Blocking receives are only done
    // right after a request to pong (whose replies are asynchronous), so the
    // fuzzer itself never hangs. The kernel must survive all of it.
    public static unsafe class Program
    {
        private const int Operations = 100_000;
        private static ulong s_state = 0x9E3779B97F4A7C15;

        private static ulong Next()
        {
            // xorshift64*: deterministic, so a failure reproduces.
            s_state ^= s_state >> 12;
            s_state ^= s_state << 25;
            s_state ^= s_state >> 27;
            return s_state * 0x2545F4914F6CDD1D;
        }

        // Everything the kernel may be asked to write points in here: the
        // fuzzer may scribble over its own scratch memory but must not have
        // the kernel scribble over its stack, or it would only be testing
        // itself.
        private const int ScratchBytes = 16384;
        private static readonly byte[] s_scratch = new byte[ScratchBytes];

        public static int Main()
        {
            Endpoint pong = Endpoints.Lookup("pong");
            s_manager = Endpoints.Lookup("monitor");
            fixed (byte* scratch = s_scratch)
                return Run(pong, (Message*)scratch);
        }

        private static int Run(Endpoint pong, Message* messages)
        {
            int refused = 0, accepted = 0;
            for (int i = 0; i < Operations; i++)
            {
                Scramble(&messages[0], messages);
                long result;
                switch (Next() % 8)
                {
                    case 0: result = Ipc.Trap(Next() % 16, Next(), RandomPointer(messages), Next()); break;
                    case 1: result = Ipc.Notify(RandomEndpoint(pong)); break;
                    case 2: result = Ipc.SendAsync(RandomEndpoint(pong), (Message*)RandomPointer(messages)); break;
                    case 3:
                        messages[1] = default;
                        result = Ipc.SendAsync(pong, &messages[1]);
                        if (result == Status.Ok)
                            Ipc.Receive(pong, &messages[1]);
                        break;
                    case 4: result = Ipc.KernelCall(RandomCall(), (Message*)RandomPointer(messages)); break;
                    case 5: result = Ipc.KernelCall(RandomCall(), &messages[0]); break;
                    case 6: result = Ipc.Send(RandomEndpoint(Endpoint.None), &messages[0]); break;
                    default: result = Ipc.SendRec(RandomEndpoint(Endpoint.None), (Message*)RandomPointer(messages)); break;
                }
                if (result < 0)
                    refused++;
                else
                    accepted++;
            }
            Diagnostics.Print(string.Concat("fuzzer: ", Operations.ToString(), " operations, ", refused.ToString(),
                " refused, ", accepted.ToString(), " accepted; still alive"));
            return 0;
        }

        // Any kernel call number, valid or not, except the two that would end
        // the run early (Exit) or flood the console (DiagCtl).
        private static KernelCall RandomCall()
        {
            var call = (KernelCall)(Next() % 24);
            return call == KernelCall.Exit || call == KernelCall.DiagCtl ? KernelCall.Times : call;
        }

        // Random words, with the message's own pointer-looking slots aimed at
        // interesting places.
        private static void Scramble(Message* message, Message* own)
        {
            message->Type = (int)Next();
            RawPayload.Of(message)->Word[0] = (long)Next() % 64;
            RawPayload.Of(message)->Word[1] = (long)RandomPointer(own);
            RawPayload.Of(message)->Word[2] = (long)(Next() % 4096);
            RawPayload.Of(message)->Word[3] = (long)RandomPointer(own);
            RawPayload.Of(message)->Word[4] = (long)(Next() % 8192);
        }

        private static ulong RandomPointer(Message* own)
        {
            switch (Next() % 6)
            {
                case 0: return (ulong)own + Next() % 4096;       // valid: the scratch area
                case 1: return 0x100000 + Next() % 0x100000;     // kernel image
                case 2: return Next();                           // anything, often non-canonical
                case 3: return 0;                                // null
                case 4: return 0x8000000000 + Next() % 0x2000;   // own code: readable, not writable
                default: return 0x7FFF_FFFF_F000;                // end of the user range
            }
        }

        // Never a self-send: a blocking send to oneself is a deadlock the
        // kernel refuses, but a refused one is no test of much. Never the
        // manager either: the kernel lets a component reach its manager,
        // which answers nothing, so a SendRec to it would wait for ever.
        // (Pong and the memory manager, the others it may reach, answer.)
        private static Endpoint s_manager;

        private static Endpoint RandomEndpoint(Endpoint likely)
        {
            Endpoint chosen;
            switch (Next() % 4)
            {
                case 0: return likely;
                case 1: chosen = new Endpoint((int)(Next() % 4096)); break;
                case 2: chosen = new Endpoint((int)Next()); break;
                default: return Endpoint.Any;
            }
            return chosen == s_manager ? likely : chosen;
        }
    }
}
