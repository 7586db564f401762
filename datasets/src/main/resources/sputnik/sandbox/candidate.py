"""Entry point of the candidate sandbox: the driver is a module (candidate_driver.py) so that its
bytecode, compiled once on the host, is loaded instead of compiled at every start."""
import candidate_driver

candidate_driver.main()
