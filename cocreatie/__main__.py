from cocreatie.cli import main

main()
