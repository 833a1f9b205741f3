fn main() {
    asl_studio::start();
}
