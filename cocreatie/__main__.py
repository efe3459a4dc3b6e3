from cocreatie.runtime.cli import main

main()
