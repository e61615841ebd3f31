using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Fuzzer2
{
    // The second fuzzer: its policy holds every kernel call, so random
    // arguments reach every handler past the privilege check (the first
    // fuzzer's policy stops most of them there). Operations random traps,
    // IPC and kernel calls, from a printed seed (xorshift64*, so a failure
    // reproduces). Calls that act on another process aim at victim, victim's
    // forked copies, itself, or endpoints that are not alive, never at pong,
    // ping or monitor (the system that must keep answering); it never asks
    // statectl to power off or reboot. Blocking IPC goes only to endpoints
    // that cannot block it (dead ones) or to pong, whose replies come back
    // asynchronously, so it never hangs. Counts the processes it kills; the
    // boot test checks that monitor got one defect report for each.
    public static unsafe class Program
    {
        private const int Operations = 100_000;
        private const ulong Seed = 0xC0FFEE_5EED_2026;
        private const int MaxChildren = 8;
        private static ulong s_state = Seed;

        private static Endpoint s_self, s_pong, s_victim, s_monitor, s_ping;
        private static readonly int[] s_children = new int[MaxChildren];
        private static int s_childCount;
        private static int s_kills, s_forks;

        private static ulong Next()
        {
            s_state ^= s_state >> 12;
            s_state ^= s_state << 25;
            s_state ^= s_state >> 27;
            return s_state * 0x2545F4914F6CDD1D;
        }

        // Everything the kernel may be asked to write points in here.
        private const int ScratchBytes = 16384;
        private static readonly byte[] s_scratch = new byte[ScratchBytes];

        public static int Main()
        {
            s_self = Endpoints.Lookup("fuzzer2");
            s_pong = Endpoints.Lookup("pong");
            s_victim = Endpoints.Lookup("victim");
            s_monitor = Endpoints.Lookup("monitor");
            s_ping = Endpoints.Lookup("ping");
            Diagnostics.Print(string.Concat("fuzzer2: seed 0x", Seed.ToString("x"), ", ", Operations.ToString(), " operations, victim ",
                s_victim.Value.ToString()));
            fixed (byte* scratch = s_scratch)
                return Run((Message*)scratch);
        }

        private static int Run(Message* messages)
        {
            int refused = 0, accepted = 0;
            for (int i = 0; i < Operations; i++)
            {
                Scramble(&messages[0], messages);
                long result;
                switch (Next() % 12)
                {
                    case 0: result = Ipc.Trap(Next() % 16, Next(), RandomPointer(messages), Next()); break;
                    case 1: result = Ipc.Notify(RandomTarget()); break;
                    case 2: result = Ipc.SendAsync(RandomTarget(), (Message*)RandomPointer(messages)); break;
                    case 3:
                        messages[1] = default;
                        result = Ipc.SendAsync(s_pong, &messages[1]);
                        if (result == Status.Ok)
                            Ipc.Receive(s_pong, &messages[1]);
                        break;
                    case 8: result = Ipc.KernelCall(RawCall(), (Message*)RandomPointer(messages)); break;
                    case 9: result = Ipc.Send(DeadEndpoint(), &messages[0]); break;
                    case 10: result = Ipc.SendRec(DeadEndpoint(), (Message*)RandomPointer(messages)); break;
                    case 11: result = Next() % 32 == 0 ? ForkOrKill() : Ipc.KernelCall(KernelCall.Times, &messages[0]); break;
                    default:
                        KernelCall call = RandomCall();
                        Aim(call, &messages[0], messages);
                        result = Ipc.KernelCall(call, &messages[0]);
                        if (result == Status.Ok)
                            Account(call, &messages[0]);
                        break;
                }
                if (result < 0)
                    refused++;
                else
                    accepted++;
            }
            Diagnostics.Print(string.Concat("fuzzer2: ", Operations.ToString(), " operations, ", refused.ToString(), " refused, ",
                accepted.ToString(), " accepted, ", s_forks.ToString(), " forks, ", s_kills.ToString(), " kills; still alive"));
            return AskPong(messages) ? 0 : 1;
        }

        // After the run: pong still answers a request. Earlier replies of
        // pong to the garbage this fuzzer sent it may still be queued; they
        // are read and dropped until the answer to this one (Counter 4242).
        private static bool AskPong(Message* messages)
        {
            // A few round trips first: each one blocks this fuzzer, so monitor
            // runs and takes the defect reports of the last kills.
            for (int i = 0; i < 16; i++)
            {
                messages[1] = default;
                if (Ipc.SendAsync(s_pong, &messages[1]) == Status.Ok)
                    Ipc.Receive(s_pong, &messages[1]);
            }
            messages[1] = default;
            EchoMessage.Of(&messages[1])->Counter = 4241;
            if (Ipc.SendAsync(s_pong, &messages[1]) != Status.Ok)
                return false;
            for (int i = 0; i < 64; i++)
            {
                if (Ipc.Receive(s_pong, &messages[1]) == Status.Ok && EchoMessage.Of(&messages[1])->Counter == 4242)
                {
                    Diagnostics.Print("fuzzer2: pong answers after the run");
                    return true;
                }
            }
            Diagnostics.Print("fuzzer2: PONG DID NOT ANSWER");
            return false;
        }

        // Any call but Exit (the run would end); numbers past the last one
        // too. DiagCtl rarely: the console is the test's witness.
        private static KernelCall RandomCall()
        {
            var call = (KernelCall)(Next() % ((ulong)KernelCall.Count + 4));
            if (call == KernelCall.Exit || (call == KernelCall.DiagCtl && Next() % 64 != 0))
                return KernelCall.Times;
            return call;
        }

        // A call made with whatever lies at a random address: never one that
        // acts on another process, since this memory holds pong's replies and
        // with them pong's endpoint.
        private static KernelCall RawCall()
        {
            KernelCall call = RandomCall();
            return call == KernelCall.Fork || call == KernelCall.Kill || call == KernelCall.PrivCtl || call == KernelCall.StateCtl
                || call == KernelCall.SetIds || call == KernelCall.Exec ? KernelCall.Times : call;
        }

        // Arguments shaped for the call, so that more of them pass the first
        // checks and reach the later ones.
        private static void Aim(KernelCall call, Message* m, Message* own)
        {
            switch (call)
            {
                case KernelCall.Fork:
                case KernelCall.Kill:
                case KernelCall.PrivCtl:
                case KernelCall.SetIds:
                    RawPayload.Of(m)->Word[0] = call == KernelCall.Kill ? KillTarget().Value : RandomTarget().Value;
                    RawPayload.Of(m)->Word[1] = Next() % 2 == 0 ? (long)RandomPointer(own) : (long)(Next() % 70000);
                    RawPayload.Of(m)->Word[2] = (long)(Next() % 4200);
                    break;
                case KernelCall.Exec:
                    RawPayload.Of(m)->Word[0] = Next() % 4 == 0 ? Endpoint.None.Value : RandomTarget().Value;
                    RawPayload.Of(m)->Word[2] = (long)(Next() % 8192);
                    RawPayload.Of(m)->Word[4] = (long)(Next() % 4200);
                    break;
                case KernelCall.StateCtl:
                    RawPayload.Of(m)->Word[0] = RandomTarget().Value;
                    long operation = (long)(Next() % 6);
                    if (operation == StateCtlMessage.PowerOff || operation == StateCtlMessage.Reboot)
                        operation = Next() % 2 == 0 ? StateCtlMessage.Resume : -(long)(Next() % 1000) - 1;
                    RawPayload.Of(m)->Word[1] = operation;
                    break;
                case KernelCall.GetInfo:
                    RawPayload.Of(m)->Word[0] = (long)(Next() % 6);
                    RawPayload.Of(m)->Word[4] = Next() % 2 == 0 ? RandomTarget().Value : (long)(Next() % 8);
                    break;
                case KernelCall.SafeCopyFrom:
                case KernelCall.SafeCopyTo:
                    RawPayload.Of(m)->Word[0] = Next() % 2 == 0 ? s_self.Value : RandomTarget().Value;
                    RawPayload.Of(m)->Word[1] = (long)(Next() % 8) | (long)((Next() % 4) << 16);
                    break;
                case KernelCall.SetGrant:
                    RawPayload.Of(m)->Word[0] = (long)RandomPointer(own);
                    RawPayload.Of(m)->Word[1] = (long)(Next() % 8);
                    break;
                case KernelCall.Brk:
                    RawPayload.Of(m)->Word[0] = Next() % 2 == 0 ? (long)(Next() % 64) * 4096 : (long)Next();
                    break;
                case KernelCall.UMap:
                    RawPayload.Of(m)->Word[0] = Next() % 2 == 0 ? 0xa0000 : (long)(Next() & ~0xFFFUL);
                    RawPayload.Of(m)->Word[1] = Next() % 2 == 0 ? (long)(Next() % 3) * 4096 : (long)Next();
                    break;
                case KernelCall.IrqCtl:
                    RawPayload.Of(m)->Word[0] = (long)(Next() % 3);
                    RawPayload.Of(m)->Word[1] = (long)(Next() % 20) - 2;
                    break;
                case KernelCall.DevIo:
                    RawPayload.Of(m)->Word[0] = Next() % 2 == 0 ? 0x80 : (long)(Next() % 0x10010);
                    RawPayload.Of(m)->Word[1] = (long)(Next() % 6);
                    RawPayload.Of(m)->Word[2] = (long)(Next() % 3);
                    break;
                case KernelCall.VDevIo:
                    RawPayload.Of(m)->Word[0] = (long)RandomPointer(own);
                    RawPayload.Of(m)->Word[1] = Next() % 2 == 0 ? (long)(Next() % 80) : (long)Next();
                    RawPayload.Of(m)->Word[2] = (long)(Next() % 2);
                    RawPayload.Of(m)->Word[3] = Next() % 2 == 0 ? 0x80 : (long)(Next() % 0x10010);
                    RawPayload.Of(m)->Word[4] = (long)(Next() % 6);
                    RawPayload.Of(m)->Word[5] = (long)(Next() % 3);
                    break;
                case KernelCall.SetAlarm:
                    RawPayload.Of(m)->Word[0] = (long)(Next() % 2000) - 100;
                    break;
                case KernelCall.DiagCtl:
                    RawPayload.Of(m)->Word[1] = (long)(Next() % 17);
                    break;
            }
        }

        // What a successful call did to the processes this fuzzer tracks.
        private static void Account(KernelCall call, Message* m)
        {
            if (call == KernelCall.Fork)
                Adopt((int)RawPayload.Of(m)->Word[1]);
            else if (call == KernelCall.Kill)
                Killed((int)RawPayload.Of(m)->Word[0]);
        }

        private static long ForkOrKill()
        {
            Message m = default;
            if (s_childCount < MaxChildren)
            {
                int status = ProcessControl.Fork(s_victim.Value, out int child);
                if (status == Status.Ok)
                    Adopt(child);
                return status;
            }
            RawPayload.Of(&m)->Word[0] = s_children[(int)(Next() % (ulong)s_childCount)];
            int killed = Ipc.KernelCall(KernelCall.Kill, &m);
            if (killed == Status.Ok)
                Killed((int)RawPayload.Of(&m)->Word[0]);
            return killed;
        }

        private static void Adopt(int child)
        {
            s_forks++;
            if (s_childCount < MaxChildren)
            {
                s_children[s_childCount++] = child;
                return;
            }
            Message m = default;
            RawPayload.Of(&m)->Word[0] = child;
            if (Ipc.KernelCall(KernelCall.Kill, &m) == Status.Ok)
                s_kills++;
        }

        private static void Killed(int endpoint)
        {
            s_kills++;
            if (endpoint == s_victim.Value)
                s_victim = Endpoint.None;
            for (int i = 0; i < s_childCount; i++)
            {
                if (s_children[i] == endpoint)
                {
                    s_children[i] = s_children[--s_childCount];
                    return;
                }
            }
        }

        private static void Scramble(Message* message, Message* own)
        {
            message->Type = (int)Next();
            RawPayload.Of(message)->Word[0] = (long)(Next() % 64);
            RawPayload.Of(message)->Word[1] = (long)RandomPointer(own);
            RawPayload.Of(message)->Word[2] = (long)(Next() % 4096);
            RawPayload.Of(message)->Word[3] = (long)RandomPointer(own);
            RawPayload.Of(message)->Word[4] = (long)(Next() % 8192);
            RawPayload.Of(message)->Word[5] = (long)Next();
        }

        private static ulong RandomPointer(Message* own)
        {
            switch (Next() % 7)
            {
                case 0: return (ulong)own + Next() % 4096;
                case 1: return 0x100000 + Next() % 0x100000;     // kernel image
                case 2: return Next();                           // anything, often non-canonical
                case 3: return 0;
                case 4: return 0x8000000000 + Next() % 0x2000;   // own code: readable, not writable
                case 5: return ulong.MaxValue - Next() % 128;    // wraps past the top
                default: return 0x7FFF_FFFF_F000;
            }
        }

        // Kill takes a copy most of the time, the victim itself rarely.
        private static Endpoint KillTarget()
        {
            if (s_childCount > 0 && Next() % 4 != 0)
                return new Endpoint(s_children[(int)(Next() % (ulong)s_childCount)]);
            return Next() % 512 == 0 ? s_victim : DeadEndpoint();
        }

        private static Endpoint RandomTarget()
        {
            switch (Next() % 6)
            {
                case 0: return s_victim;
                case 1: return s_childCount > 0 ? new Endpoint(s_children[(int)(Next() % (ulong)s_childCount)]) : s_victim;
                case 2: return s_self;
                case 3: return Next() % 2 == 0 ? Endpoint.Any : Endpoint.None;
                default: return DeadEndpoint();
            }
        }

        // A value that is no live process this fuzzer may disturb: random,
        // but never pong, ping, monitor or a tracked process.
        private static Endpoint DeadEndpoint()
        {
            int value = (int)(Next() % 2 == 0 ? Next() % 65536 : Next());
            if (value == s_pong.Value || value == s_ping.Value || value == s_monitor.Value || value == s_victim.Value
                || value == s_self.Value || value == Endpoint.Any.Value || value == Endpoint.Kernel.Value)
                return new Endpoint(0x7FFF_FFF0);
            for (int i = 0; i < s_childCount; i++)
            {
                if (s_children[i] == value)
                    return new Endpoint(0x7FFF_FFF0);
            }
            return new Endpoint(value);
        }
    }
}
