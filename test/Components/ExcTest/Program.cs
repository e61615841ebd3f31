using System;
using System.Runtime.CompilerServices;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ExcTest
{
    // A null dereference and a division by zero are CPU faults; with the
    // runtime's fault entry registered, the kernel hands them back to the
    // component, where they are ordinary catchable exceptions (finally
    // blocks run). Ends with an exception nobody catches, which must end the
    // component with its type and message in the defect report.
    public static class Program
    {
        private sealed class Box
        {
            public int Value = 1;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Box? Nothing() => null;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Zero() => 0;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Read(Box box) => box.Value;

        public static int Main()
        {
            bool finallyRan = false;
            try
            {
                try
                {
                    Read(Nothing()!);
                    Diagnostics.Print("exctest: NULL DEREFERENCE NOT RAISED");
                }
                finally
                {
                    finallyRan = true;
                }
            }
            catch (NullReferenceException e)
            {
                Diagnostics.Print(string.Concat("exctest: null reference caught (", e.Message, "), finally ", finallyRan ? "ran" : "DID NOT RUN"));
            }

            try
            {
                int quotient = 10 / Zero();
                Diagnostics.Print(string.Concat("exctest: DIVISION GAVE ", quotient.ToString()));
            }
            catch (DivideByZeroException)
            {
                Diagnostics.Print("exctest: divide by zero caught");
            }

            int survived = 0;
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    survived += Read(i % 2 == 0 ? new Box() : Nothing()!);
                }
                catch (NullReferenceException)
                {
                    survived++;
                }
            }
            Diagnostics.Print(string.Concat("exctest: 100 alternating faults, ", survived.ToString(), " handled"));
            throw new InvalidOperationException("nobody catches this");
        }
    }
}
