// polymigrate command line: parses arguments, calls the library, prints the result.
#include <iostream>

int main() {
  std::cout << "polymigrate\n";
  return 0;
}
